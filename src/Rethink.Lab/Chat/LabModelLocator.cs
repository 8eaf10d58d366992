namespace Rethink.Lab.Chat;

/// <summary>
/// Finds shipped lab model files. A name (<c>sft</c>, <c>critique</c>) means <c>lab-NAME.gguf</c> in the first of:
/// the directory in the RETHINK_MODELS environment variable; <c>models/</c> beside the running program (the CLI copies
/// the shipped models there); <c>models/</c> in the current directory or any parent. A value ending in <c>.gguf</c> is a
/// path and is used as given.
/// </summary>
public static class LabModelLocator
{
    /// <summary>The environment variable naming an extra models directory.</summary>
    public const string ModelsVariable = "RETHINK_MODELS";

    /// <summary>The model used when none is named.</summary>
    public const string DefaultName = "critique";

    /// <summary>The file name of a shipped model.</summary>
    public static string FileName(string name) => $"lab-{name}.gguf";

    /// <summary>
    /// The path of the model <paramref name="nameOrPath"/>; throws <see cref="FileNotFoundException"/> listing every place
    /// searched (and the command that trains the model) when it is nowhere.
    /// </summary>
    public static string Resolve(string? nameOrPath)
    {
        var name = string.IsNullOrWhiteSpace(nameOrPath) ? DefaultName : nameOrPath.Trim();
        if (name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : throw new FileNotFoundException($"Lab model file '{name}' does not exist.", name);
        }

        var searched = new List<string>();
        foreach (var dir in Candidates())
        {
            var path = Path.Combine(dir, FileName(name));
            searched.Add(dir);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(
            $"Lab model '{name}' ({FileName(name)}) was not found in: {string.Join(", ", searched.Distinct(StringComparer.Ordinal))}. " +
            $"Train it with 'rethink lab train --recipe {name}' or set {ModelsVariable}.",
            FileName(name));
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(ModelsVariable) is { Length: > 0 } env)
        {
            yield return env;
        }

        yield return Path.Combine(AppContext.BaseDirectory, "models");
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "models");
        }
    }
}
