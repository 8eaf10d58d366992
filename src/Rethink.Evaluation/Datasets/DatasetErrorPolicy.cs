namespace Rethink.Evaluation.Datasets;

/// <summary>What a reader does with a rejected line.</summary>
public enum DatasetErrorPolicy
{
    /// <summary>Throw a <see cref="DatasetException"/> at the first rejected line (the default).</summary>
    Stop,

    /// <summary>Skip rejected lines and report each as a <see cref="DatasetError"/>.</summary>
    Skip,
}
