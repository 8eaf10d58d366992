using System.Text.Json;

namespace Rethink.Cli.Tests.Infrastructure;

/// <summary>Reads numbers out of a <c>--json</c> report.</summary>
public sealed class ReportJson
{
    private readonly JsonElement _root;

    public ReportJson(string json)
    {
        _root = JsonDocument.Parse(json).RootElement.Clone();
    }

    public static ReportJson Load(string path) => new(File.ReadAllText(path));

    public JsonElement Root => _root;

    public JsonElement Strategy(string name) =>
        _root.GetProperty("strategies").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    public (int RR, int RW, int WR, int WW) Transitions(string name)
    {
        var t = Strategy(name).GetProperty("transitions");
        return (t.GetProperty("rr").GetInt32(), t.GetProperty("rw").GetInt32(), t.GetProperty("wr").GetInt32(), t.GetProperty("ww").GetInt32());
    }
}
