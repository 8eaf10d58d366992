using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Lab.Evaluation;

namespace Rethink.Cli.Tests;

/// <summary>
/// From a real lab run to training data and back into a lab model: <c>rethink export</c> of every kind and format,
/// <c>rethink data stats</c> on what it wrote, and <c>rethink lab train --base --data</c> on an exported correction set.
/// One practice run (the lab's non-held-out stream) is shared by the class.
/// </summary>
public sealed class ExportTests : IClassFixture<ExportTests.PracticeRun>
{
    private readonly PracticeRun _run;

    public ExportTests(PracticeRun run) => _run = run;

    /// <summary>A small practice-split eval of the two-route critique model, stored once.</summary>
    public sealed class PracticeRun : IAsyncLifetime
    {
        public DirectoryInfo Dir { get; } = Directory.CreateTempSubdirectory("rethink-export-");

        public string Store => Path.Combine(Dir.FullName, "runs.db");

        public async Task InitializeAsync()
        {
            var result = await new CliRunner().RunAsync(
                "eval", "--model", "lab:critique-routes", "--strategy", "direct,reask,self-refine", "--lab-split", "practice", "--lab-per-cell", "3",
                "--samples", "2", "--sample-temperature", "0.7", "--store", Store, "--run-id", "practice");
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        public Task DisposeAsync()
        {
            Dir.Delete(recursive: true);
            return Task.CompletedTask;
        }
    }

    private Task<CliResult> Export(params string[] args) => new CliRunner().RunAsync(["export", "practice", "--store", _run.Store, .. args]);

    private string OutFile(string name) => Path.Combine(_run.Dir.FullName, name);

    [Theory]
    [InlineData("sft", "jsonl")]
    [InlineData("sft", "openai")]
    [InlineData("sft", "trl")]
    [InlineData("sft", "parquet")]
    [InlineData("correction", "jsonl")]
    [InlineData("correction", "openai")]
    [InlineData("correction", "trl")]
    [InlineData("preference", "jsonl")]
    [InlineData("preference", "openai")]
    [InlineData("preference", "trl")]
    [InlineData("critique", "jsonl")]
    [InlineData("critique", "trl")]
    [InlineData("critique", "parquet")]
    public async Task Every_kind_exports_in_every_format_that_can_hold_it_and_stats_read_it_back(string kind, string format)
    {
        var file = OutFile($"{kind}.{format}");

        var result = await Export("--kind", kind, "--format", format, "--out", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{kind} record(s) from 1 run(s) as {format}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("dropped", result.Stderr, StringComparison.Ordinal);
        var stats = await new CliRunner().RunAsync("data", "stats", file);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Contains("record(s)", stats.Stdout, StringComparison.Ordinal);
        if (format is "jsonl")
        {
            // Provenance on every record, our schema's first key first.
            var lines = File.ReadAllLines(file);
            Assert.NotEmpty(lines);
            Assert.All(lines, l =>
            {
                var record = JsonDocument.Parse(l).RootElement;
                Assert.Equal(1, record.GetProperty("schema_version").GetInt32());
                Assert.Equal("practice", record.GetProperty("provenance").GetProperty("run_id").GetString());
                Assert.StartsWith("lab:critique-routes#sha256:", record.GetProperty("provenance").GetProperty("model").GetString(), StringComparison.Ordinal);
            });
            Assert.DoesNotContain("no provenance", stats.Stdout, StringComparison.Ordinal);
            Assert.Contains("practice", stats.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Formats_that_cannot_hold_a_kind_are_refused_before_anything_is_written()
    {
        var openai = await Export("--kind", "critique", "--format", "openai", "--out", OutFile("critique.openai"));
        var parquetToStdout = await Export("--kind", "sft", "--format", "parquet", "--out", "-");
        var unknown = await new CliRunner().RunAsync("export", "nope", "--store", _run.Store, "--kind", "sft", "--out", OutFile("x.jsonl"));
        var judgement = await Export("--kind", "judgement", "--out", OutFile("judgement.jsonl"));

        Assert.Equal(2, openai.ExitCode);
        Assert.Contains("--only-agreeing", openai.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, parquetToStdout.ExitCode);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No run 'nope'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, judgement.ExitCode);
        Assert.Contains("judging", judgement.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(OutFile("critique.openai")));
        Assert.False(File.Exists(OutFile("x.jsonl")));
    }

    [Fact]
    public async Task The_same_export_twice_is_the_same_bytes()
    {
        await Export("--kind", "correction", "--format", "jsonl", "--out", OutFile("a.jsonl"), "--seed", "3");
        await Export("--kind", "correction", "--format", "jsonl", "--out", OutFile("b.jsonl"), "--seed", "3");

        Assert.Equal(File.ReadAllBytes(OutFile("a.jsonl")), File.ReadAllBytes(OutFile("b.jsonl")));
    }

    [Fact]
    public async Task An_exported_correction_set_trains_a_lab_model_and_held_out_questions_are_refused()
    {
        var data = OutFile("cct.trl");
        var export = await Export("--kind", "correction", "--format", "trl", "--out", data, "--confidence-share", "none");
        Assert.True(export.ExitCode == 0, export.ToString());
        var model = OutFile("lab-cct.gguf");

        var trained = await new CliRunner().RunAsync("lab", "train", "--base", "critique-routes", "--data", data, "--steps", "2", "--out", model);

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.True(File.Exists(model));
        var card = JsonDocument.Parse(File.ReadAllText(OutFile("lab-cct.card.json"))).RootElement;
        Assert.Equal(2, card.GetProperty("steps").GetInt64());
        Assert.Contains("--base critique-routes --data", card.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.Contains("cct.trl (sha256 ", card.GetProperty("description").GetString(), StringComparison.Ordinal);

        // The same kind of record about a held-out question is refused, naming it.
        var heldOut = LabEvaluation.Suite(1).Problems[0].Question;
        var leaked = OutFile("leaked.trl");
        File.WriteAllLines(leaked, File.ReadAllLines(data).Append(JsonSerializer.Serialize(new
        {
            prompt = new[] { new { role = "user", content = heldOut } },
            completion = new[] { new { role = "assistant", content = "Answer: 1" } },
        })));
        var refused = await new CliRunner().RunAsync("lab", "train", "--base", "critique-routes", "--data", leaked, "--steps", "2", "--out", OutFile("lab-leaked.gguf"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("held-out lab question", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(heldOut, refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(OutFile("lab-leaked.gguf")));
    }
}
