using System.Text.Json;
using Rethink.Cli.Tests.Fakes;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Testing.Http;

namespace Rethink.Cli.Tests;

/// <summary>
/// Report options write where they are told without replacing what is there: devices and FIFOs are written through,
/// symlinks stay symlinks, regular files are replaced atomically, <c>-</c> is standard output, and a place that cannot
/// be written is refused before the command does any work.
/// </summary>
public sealed class OutputTargetTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-out-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private string In(string name) => Path.Combine(_dir.FullName, name);

    private Task<CliResult> ScoreAsync(params string[] extra) =>
        new CliRunner { WorkingDirectory = _dir.FullName }.RunAsync(
        [
            "score", "--dataset", Path.Combine(RepoPaths.Samples, "gsm8k-sample.jsonl"), "--format", "gsm8k",
            "--responses", Path.Combine(RepoPaths.Samples, "responses", "gsm8k-reask.jsonl"), .. extra,
        ]);

    // Files a write left beside its target: a temporary file must never outlive the command.
    private string[] Leftovers() => _dir.EnumerateFiles(".*.tmp").Select(f => f.Name).ToArray();

    [Fact]
    public async Task A_character_device_is_written_through_and_stays_a_device_also_through_a_symlink()
    {
        var device = FileNodesForTests.CharacterDevice(_dir.FullName, "null", 1, 3, "/dev/null");
        File.CreateSymbolicLink(In("link-to-null"), device);

        var result = await ScoreAsync("--json", device, "--markdown", "link-to-null");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("character special file", FileNodesForTests.TypeOf(device));
        Assert.Equal("symbolic link", FileNodesForTests.TypeOf(In("link-to-null")));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task A_full_device_is_an_error_naming_the_option_and_the_path()
    {
        var device = FileNodesForTests.CharacterDevice(_dir.FullName, "full", 1, 7, "/dev/full");

        var result = await ScoreAsync("--json", device);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"rethink: error: cannot write --json {device}: No space left on device", result.Stderr);
        Assert.DoesNotContain("--verbose", result.Stderr);
        Assert.Equal("character special file", FileNodesForTests.TypeOf(device));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task A_symlink_to_a_file_stays_a_symlink_and_the_file_it_names_gets_the_report()
    {
        var reports = Directory.CreateDirectory(In("reports"));
        var target = Path.Combine(reports.FullName, "latest.json");
        await File.WriteAllTextAsync(target, "old");
        File.CreateSymbolicLink(In("report.json"), target);

        var result = await ScoreAsync("--json", "report.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("symbolic link", FileNodesForTests.TypeOf(In("report.json")));
        Assert.Equal(target, new FileInfo(In("report.json")).LinkTarget);
        Assert.Equal("report", JsonDocument.Parse(await File.ReadAllTextAsync(target)).RootElement.GetProperty("kind").GetString());
        Assert.Empty(reports.EnumerateFiles(".*.tmp"));
    }

    [Fact]
    public async Task A_fifo_receives_the_report_and_stays_a_fifo()
    {
        var fifo = FileNodesForTests.Fifo(_dir.FullName, "pipe");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The reader opens the FIFO first and reads to the writer's end, as `cat pipe` would.
        var reader = Task.Run(async () =>
        {
            using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            using var text = new StreamReader(stream);
            return await text.ReadToEndAsync(guard.Token);
        });
        var result = await ScoreAsync("--json", "pipe");
        var received = await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("report", JsonDocument.Parse(received).RootElement.GetProperty("kind").GetString());
        Assert.Equal("fifo", FileNodesForTests.TypeOf(fifo));
    }

    // /dev/fd/1 rather than /dev/stdout: if the fix regressed, the old code's rename over /dev/stdout (a symlink into
    // /proc) would replace it as root, while a rename into /proc/self/fd fails harmlessly.
    [Theory]
    [InlineData("-")]
    [InlineData("/dev/fd/1")]
    public async Task Standard_output_carries_the_json_alone_and_the_text_report_goes_to_stderr(string value)
    {
        var result = await ScoreAsync("--json", value);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("report", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("kind").GetString());
        Assert.Contains("Rethink report: run ", result.Stderr);
        Assert.Empty(_dir.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task Replacing_a_regular_file_is_atomic_and_keeps_its_permissions()
    {
        var path = In("report.md");
        await File.WriteAllTextAsync(path, "old");
        FileNodesForTests.SetMode(path, "600");

        var result = await ScoreAsync("--markdown", "report.md");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("# Rethink report", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.Equal("600", FileNodesForTests.ModeOf(path));
        Assert.Empty(Leftovers());
    }

    [Theory]
    [InlineData("--json", "nope/report.json", "cannot write --json nope/report.json: the folder {dir}/nope does not exist")]
    [InlineData("--markdown", ".", "--markdown .: is a folder, not a file")]
    [InlineData("--json", "sub/", "--json sub/: names a folder, not a file")]
    [InlineData("--json", "data.jsonl/report.json", "cannot write --json data.jsonl/report.json: {dir}/data.jsonl is not a folder")]
    [InlineData("--json", "/dev/fd/2000000", "cannot write --json /dev/fd/2000000: file descriptor 2000000 is not open")]
    public async Task A_place_that_cannot_be_written_is_refused_before_any_model_call(string option, string value, string message)
    {
        await using var server = await FakeOpenAIServer.StartAsync(GsmScript.Sample.Reply);
        await File.WriteAllTextAsync(In("data.jsonl"), """{"id": "a", "question": "What is 1 + 1?", "answer": "#### 2"}""" + "\n");

        var result = await new CliRunner { WorkingDirectory = _dir.FullName }.RunAsync(
            "eval", "--dataset", "data.jsonl", "--format", "gsm8k", "--strategy", "direct", "--model", $"openai:m@{server.BaseUrl}",
            "--store", "runs.db", "--retries", "0", option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("rethink: error: " + message.Replace("{dir}", _dir.FullName, StringComparison.Ordinal) + "\n", result.Stderr);
        Assert.Equal(0, server.RequestCount);
        Assert.False(File.Exists(In("runs.db")));
    }

    [Fact]
    public async Task Json_and_markdown_into_one_file_is_refused()
    {
        var result = await ScoreAsync("--json", "r.txt", "--markdown", "r.txt");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("rethink: error: --json and --markdown name the same file (r.txt); the second report would replace the first\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task An_eval_report_that_cannot_be_written_says_how_to_write_it_again()
    {
        await using var server = await FakeOpenAIServer.StartAsync(GsmScript.Sample.Reply);
        var device = FileNodesForTests.CharacterDevice(_dir.FullName, "full", 1, 7, "/dev/full");

        var result = await new CliRunner { WorkingDirectory = _dir.FullName }.RunAsync(
            "eval", "--dataset", Path.Combine(RepoPaths.Samples, "gsm8k-sample.jsonl"), "--format", "gsm8k", "--strategy", "direct",
            "--model", $"openai:m@{server.BaseUrl}", "--limit", "2", "--store", "runs.db", "--run-id", "r1", "--json", device);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"rethink: error: cannot write --json {device}: No space left on device", result.Stderr);
        Assert.Contains("(run r1 is stored: 'rethink report r1 --store runs.db' writes its report again)", result.Stderr);
        Assert.Equal("character special file", FileNodesForTests.TypeOf(device));
    }
}
