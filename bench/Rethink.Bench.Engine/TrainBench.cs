namespace Rethink.Bench.Engine;

/// <summary>Training benchmark and toy-corpus training tool (train).</summary>
internal static class TrainBench
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("train: not implemented yet");
        return 2;
    }
}
