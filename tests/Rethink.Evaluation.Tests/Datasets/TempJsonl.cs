using System.Text;

namespace Rethink.Evaluation.Tests.Datasets;

/// <summary>A temporary directory for JSONL files written by a test; deleted on dispose.</summary>
internal sealed class TempJsonl : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rethink-datasets-").FullName;

    public string Write(string name, params string[] lines) => WriteRaw(name, string.Join("\n", lines) + "\n");

    public string WriteRaw(string name, string content)
    {
        var path = Path.Join(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Join(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
