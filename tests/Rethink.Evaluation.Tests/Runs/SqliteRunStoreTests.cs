using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Evaluation.Tests.Runs.Fakes;

namespace Rethink.Evaluation.Tests.Runs;

/// <summary>The SQLite store: the contract, plus what only a file has (crash atomicity, journaling, schema versions).</summary>
public sealed class SqliteRunStoreTests : RunStoreContract
{
    protected override async Task<IRunStore> OpenAsync(RunTestKit kit) => await SqliteRunStore.OpenAsync(kit.DbPath);

    [Fact]
    public async Task A_crash_inside_the_result_transaction_leaves_no_row()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");
        store.WriteStepHook = step => throw new IOException($"simulated crash after {step}");

        var crash = await Assert.ThrowsAsync<IOException>(() => store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0))));
        Assert.Contains("result.inserted", crash.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountResultsAsync("r"));
        Assert.Equal("ok", await store.CheckIntegrityAsync());

        // A second process opening the file sees nothing of the failed write either.
        await using (var other = await SqliteRunStore.OpenAsync(kit.DbPath))
        {
            Assert.Empty(await other.LoadResultsAsync("r"));
        }

        store.WriteStepHook = null;
        Assert.True(await store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0))));
        Assert.Equal(1, await store.CountResultsAsync("r"));
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused()
    {
        await using var kit = new RunTestKit();
        await using (var store = await SqliteRunStore.OpenAsync(kit.DbPath))
        {
            Assert.Equal("ok", await store.CheckIntegrityAsync());
        }

        using (var connection = new SqliteConnection($"Data Source={kit.DbPath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version) VALUES (99)";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteRunStore.OpenAsync(kit.DbPath));
        Assert.Contains("schema 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_uses_wal_journaling()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        using var connection = new SqliteConnection($"Data Source={kit.DbPath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public async Task A_version_1_file_is_migrated_and_its_runs_read_unchanged()
    {
        await using var kit = new RunTestKit();
        var fixture = await File.ReadAllTextAsync(Path.Join(AppContext.BaseDirectory, "Runs", "Fixtures", "store-v1.sql"));
        (string Id, string Status, string Fingerprint) before;
        List<string> trajectoriesBefore;
        long cachedBefore;
        // The dump lists tables alphabetically (results before runs), so references are checked only once it is in.
        using (var connection = new SqliteConnection($"Data Source={kit.DbPath};Pooling=False;Foreign Keys=False"))
        {
            connection.Open();
            Execute(connection, fixture);
            Assert.Equal(1L, Scalar(connection, "SELECT MAX(version) FROM schema_version"));
            Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name = 'kind'"));
            using var runs = connection.CreateCommand();
            runs.CommandText = "SELECT id, status, fingerprint FROM runs";
            using (var reader = runs.ExecuteReader())
            {
                Assert.True(reader.Read());
                before = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                Assert.False(reader.Read());
            }

            trajectoriesBefore = Strings(connection, "SELECT trajectory_json FROM results ORDER BY strategy_index, problem_index, problem_id, sample, strategy");
            cachedBefore = (long)Scalar(connection, "SELECT COUNT(*) FROM response_cache")!;
        }

        await using (var store = await SqliteRunStore.OpenAsync(kit.DbPath))
        {
            var info = Assert.Single(await store.ListRunsAsync());
            Assert.Equal((before.Id, before.Status, before.Fingerprint), (info.Id, info.Status.ToString(), info.Fingerprint));
            Assert.Equal(RunKind.Evaluation, info.Kind);

            // The old configuration still reads, and still has the fingerprint it was stored with: a resume of it is
            // not refused for a changed configuration.
            var configuration = await store.LoadConfigurationAsync(info.Id);
            Assert.Equal(before.Fingerprint, configuration.Fingerprint());
            var results = await store.LoadResultsAsync(info.Id);
            Assert.Equal(22, results.Count);
            Assert.Equal(
                trajectoriesBefore.Select(t => JsonSerializer.Serialize(JsonSerializer.Deserialize<Trajectory>(t, RunJson.Options), RunJson.Options)),
                results.Select(r => JsonSerializer.Serialize(r.Scored.Trajectory, RunJson.Options)));
            Assert.Equal(22, await store.CountFinishedAsync(info.Id));

            // The migrated file takes runs of the new kinds.
            await store.CreateRunAsync(RunDefinition.Create(RunKind.Judging, new { judge = "lab" }), "after");
            Assert.True(await store.SaveItemAsync("after", new RunItem("1", "{}")));
        }

        using (var connection = new SqliteConnection($"Data Source={kit.DbPath};Pooling=False"))
        {
            connection.Open();
            Assert.Equal((long)SqliteRunStore.SchemaVersion, Scalar(connection, "SELECT MAX(version) FROM schema_version"));
            Assert.Equal(cachedBefore, Scalar(connection, "SELECT COUNT(*) FROM response_cache"));
        }

        // Opening again migrates nothing more.
        await using (var again = await SqliteRunStore.OpenAsync(kit.DbPath))
        {
            Assert.Equal(2, (await again.ListRunsAsync()).Count);
        }
    }

    [Fact]
    public async Task A_new_file_gets_every_step_and_the_current_version()
    {
        await using var kit = new RunTestKit();
        await using (var store = await SqliteRunStore.OpenAsync(kit.DbPath))
        {
            Assert.Equal("ok", await store.CheckIntegrityAsync());
        }

        using var connection = new SqliteConnection($"Data Source={kit.DbPath};Pooling=False");
        connection.Open();
        Assert.Equal(Enumerable.Range(1, SqliteRunStore.SchemaVersion).Select(v => (long)v), Strings(connection, "SELECT version FROM schema_version ORDER BY version").Select(long.Parse));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'run_items'"));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
