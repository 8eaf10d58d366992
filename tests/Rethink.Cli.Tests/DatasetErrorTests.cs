using Rethink.Cli.Tests.Infrastructure;
using Rethink.Testing.Http;

namespace Rethink.Cli.Tests;

/// <summary>Bad datasets are reported before any model call, naming file, line and field, with exit code 2.</summary>
public sealed class DatasetErrorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-data-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private async Task<CliResult> EvalAsync(string datasetText, string format = "gsm8k", params string[] extra)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "data.jsonl"), datasetText);

        // The port is closed: these inputs must be rejected before anything is sent.
        var port = ClosedPort.Get();
        return await new CliRunner { WorkingDirectory = _dir.FullName }.RunAsync(
        [
            "eval", "--dataset", "data.jsonl", "--format", format, "--strategy", "direct", "--model", $"openai:m@http://127.0.0.1:{port}/v1",
            "--store", "runs.db", .. extra,
        ]);
    }

    private const string Good = """{"id": "a", "question": "What is 1 + 1?", "answer": "1 + 1 = 2\n#### 2"}""";

    [Fact]
    public async Task Malformed_json_line_names_file_and_line()
    {
        var result = await EvalAsync(Good + "\n" + Good.Replace("\"a\"", "\"b\"", StringComparison.Ordinal) + "\n{\"id\": \"c\", \"question\": \n");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = result.Stderr.Split('\n')[0];
        Assert.StartsWith("rethink: error: ", line);
        Assert.Contains("data.jsonl:3", line);
    }

    [Fact]
    public async Task Missing_field_names_the_field()
    {
        var result = await EvalAsync(Good + "\n{\"id\": \"b\", \"answer\": \"#### 3\"}\n");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = result.Stderr.Split('\n')[0];
        Assert.Contains("data.jsonl:2", line);
        Assert.Contains("field 'question'", line);
    }

    [Fact]
    public async Task Unknown_format_lists_the_supported_ones()
    {
        var result = await EvalAsync(Good, format: "csv");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("rethink: error: unknown format 'csv'; supported: gsm8k, math, mc, jsonl", result.Stderr);
    }

    [Fact]
    public async Task Missing_dataset_file_is_a_usage_error()
    {
        var port = ClosedPort.Get();
        var result = await new CliRunner { WorkingDirectory = _dir.FullName }.RunAsync(
            "eval", "--dataset", "nope.jsonl", "--format", "gsm8k", "--strategy", "direct", "--model", $"openai:m@http://127.0.0.1:{port}/v1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("rethink: error: --dataset file not found: nope.jsonl", result.Stderr);
    }

    [Fact]
    public async Task Bad_line_is_skipped_with_a_warning_under_on_error_skip()
    {
        // Skipping the bad line, the good one is then sent to the closed port: exit 3, after the warning.
        var result = await EvalAsync(Good + "\nnot json\n", "gsm8k", "--on-error", "skip", "--retries", "0");

        Assert.Contains("rethink: warning: skipped ", result.Stderr);
        Assert.Contains("data.jsonl:2", result.Stderr);
        Assert.True(result.ExitCode == 3, result.ToString());
    }

    [Fact]
    public async Task A_dataset_that_never_ends_a_line_is_refused_at_the_line_limit()
    {
        // /dev/zero never ends a line: the reader must give up at the limit. The token guards the test if it does not.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var port = ClosedPort.Get();
        var result = await new CliRunner { WorkingDirectory = _dir.FullName }.RunAsync(
            ["eval", "--dataset", "/dev/zero", "--format", "gsm8k", "--strategy", "direct", "--model", $"openai:m@http://127.0.0.1:{port}/v1", "--store", "runs.db", "--on-error", "skip"],
            guard.Token);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("rethink: error: /dev/zero:1: the line is longer than the limit of 16777216 bytes; reading stopped there\n", result.Stderr);
    }

    [Fact]
    public async Task Responses_that_never_end_a_line_are_refused_at_the_line_limit()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await new CliRunner().RunAsync(
            ["score", "--dataset", "samples/gsm8k-sample.jsonl", "--format", "gsm8k", "--responses", "/dev/zero"], guard.Token);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("rethink: error: /dev/zero:1: the line is longer than the limit of 16777216 bytes; reading stopped there\n", result.Stderr);
    }
}
