using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// A SQLite file holding any number of runs and their results. WAL journal with <c>synchronous=NORMAL</c>: a commit
/// survives an application crash (a power loss may drop the last commits, never corrupt the file); a busy timeout lets
/// a reader and the writer share the file. Each result is written in one transaction, so a crash mid-write leaves the
/// whole result or nothing, and (run, strategy, problem, sample) is a UNIQUE key, so no result is ever stored twice.
/// Thread-safe: each operation opens its own pooled connection and writes are serialised within the process. Several
/// processes may read one file; do not resume the same run from two processes at once. The file must be on a local
/// disk (WAL does not work over network filesystems). The schema is versioned and migrated forward on open
/// (<see cref="SqliteRunStoreSchema"/>); a file written by a newer version is refused.
/// </summary>
public sealed partial class SqliteRunStore : IRunStore
{
    /// <summary>The schema version this code writes; a file with a newer one is refused.</summary>
    public const int SchemaVersion = SqliteRunStoreSchema.CurrentVersion;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;

    private SqliteRunStore(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Location => Path;

    /// <summary>Invoked inside a result's transaction after the row is inserted and before the commit (crash tests).</summary>
    internal Func<string, Task>? WriteStepHook { get; set; }

    /// <summary>
    /// Opens (creating when absent) the store at <paramref name="path"/> and brings its schema up to date. Throws
    /// <see cref="InvalidOperationException"/> when the file was written by a newer schema version.
    /// </summary>
    public static async Task<SqliteRunStore> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var store = new SqliteRunStore(path, timeProvider ?? TimeProvider.System);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <inheritdoc />
    public async Task<RunInfo> CreateRunAsync(RunDefinition definition, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!RunKind.IsKnown(definition.Kind))
        {
            throw new ArgumentException($"unknown run kind '{definition.Kind}' (known: {string.Join(", ", RunKind.All)})", nameof(definition));
        }

        var id = runId ?? NewRunId();
        if (!RunIdPattern().IsMatch(id))
        {
            throw new ArgumentException($"Run id '{id}' must be 1-64 letters, digits, '.', '_' or '-'.", nameof(runId));
        }

        var now = _time.GetUtcNow();
        await WriteAsync(async connection =>
        {
            var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO runs (id, created_at, updated_at, config_json, fingerprint, status, message, kind)
                VALUES ($id, $now, $now, $config, $fingerprint, $status, NULL, $kind)
                ON CONFLICT(id) DO NOTHING
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$now", FormatTime(now));
            command.Parameters.AddWithValue("$config", definition.ConfigurationJson);
            command.Parameters.AddWithValue("$fingerprint", definition.Fingerprint);
            command.Parameters.AddWithValue("$status", RunStatus.Created.ToString());
            command.Parameters.AddWithValue("$kind", definition.Kind);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException($"A run with id '{id}' already exists in {Path}.");
            }
        }, cancellationToken).ConfigureAwait(false);

        return new RunInfo(id, now, now, definition.Fingerprint, RunStatus.Created, null) { Kind = definition.Kind };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunInfo>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        var runs = new List<RunInfo>();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT id, created_at, updated_at, fingerprint, status, message, kind FROM runs ORDER BY created_at, id";
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    runs.Add(ReadRunInfo(reader));
                }
            }
        }

        return runs;
    }

    /// <inheritdoc />
    public async Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT id, created_at, updated_at, fingerprint, status, message, kind FROM runs WHERE id = $id";
            command.Parameters.AddWithValue("$id", runId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRunInfo(reader) : null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<RunDefinition> LoadDefinitionAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT kind, config_json, fingerprint FROM runs WHERE id = $id";
            command.Parameters.AddWithValue("$id", runId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new RunDefinition(reader.GetString(0), reader.GetString(1), reader.GetString(2))
                    : throw new KeyNotFoundException($"No run '{runId}' in {Path}.");
            }
        }
    }

    /// <inheritdoc />
    public async Task SetStatusAsync(string runId, RunStatus status, string? message = null, CancellationToken cancellationToken = default)
    {
        await WriteAsync(async connection =>
        {
            var command = connection.CreateCommand();
            command.CommandText = "UPDATE runs SET status = $status, message = $message, updated_at = $now WHERE id = $id";
            command.Parameters.AddWithValue("$id", runId);
            command.Parameters.AddWithValue("$status", status.ToString());
            command.Parameters.AddWithValue("$message", (object?)message ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", FormatTime(_time.GetUtcNow()));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new KeyNotFoundException($"No run '{runId}' in {Path}.");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> SaveResultAsync(string runId, RunResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scored = result.Scored;
        var trajectoryJson = JsonSerializer.Serialize(scored.Trajectory, RunJson.Options);
        var verdictsJson = JsonSerializer.Serialize(scored.TurnVerdicts, RunJson.Options);
        var finalJson = JsonSerializer.Serialize(scored.FinalVerdict, RunJson.Options);
        var usageJson = JsonSerializer.Serialize(result.UsageByRole, RunJson.Options);
        var total = scored.Trajectory.TotalUsage;

        return await WriteAsync(async connection =>
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await TouchRunAsync(connection, transaction, runId, FormatTime(_time.GetUtcNow()), cancellationToken).ConfigureAwait(false);

                var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = """
                    DELETE FROM results
                    WHERE run_id = $run AND strategy = $strategy AND problem_id = $problem AND sample = $sample AND stop_reason = $error
                    """;
                AddKey(delete, runId, scored);
                delete.Parameters.AddWithValue("$error", StopReasons.Error);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO results (run_id, strategy, problem_id, sample, strategy_index, problem_index,
                        trajectory_json, turn_verdicts_json, final_verdict_json, final_correct, stop_reason,
                        usage_json, input_tokens, output_tokens, billed_input_tokens, billed_output_tokens, latency_ms, finished_at)
                    VALUES ($run, $strategy, $problem, $sample, $strategy_index, $problem_index,
                        $trajectory, $verdicts, $final, $final_correct, $stop_reason,
                        $usage, $input, $output, $billed_input, $billed_output, $latency, $finished)
                    ON CONFLICT(run_id, strategy, problem_id, sample) DO NOTHING
                    """;
                AddKey(insert, runId, scored);
                insert.Parameters.AddWithValue("$strategy_index", result.StrategyIndex);
                insert.Parameters.AddWithValue("$problem_index", result.ProblemIndex);
                insert.Parameters.AddWithValue("$trajectory", trajectoryJson);
                insert.Parameters.AddWithValue("$verdicts", verdictsJson);
                insert.Parameters.AddWithValue("$final", finalJson);
                insert.Parameters.AddWithValue("$final_correct", scored.FinalVerdict.IsCorrect ? 1 : 0);
                insert.Parameters.AddWithValue("$stop_reason", scored.Trajectory.StopReason);
                insert.Parameters.AddWithValue("$usage", usageJson);
                insert.Parameters.AddWithValue("$input", total.InputTokens);
                insert.Parameters.AddWithValue("$output", total.OutputTokens);
                insert.Parameters.AddWithValue("$billed_input", result.BilledUsage.InputTokens);
                insert.Parameters.AddWithValue("$billed_output", result.BilledUsage.OutputTokens);
                insert.Parameters.AddWithValue("$latency", result.Latency.TotalMilliseconds);
                insert.Parameters.AddWithValue("$finished", FormatTime(result.FinishedAt));
                var inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;

                if (WriteStepHook is { } hook)
                {
                    await hook("result.inserted").ConfigureAwait(false);
                }

                if (!inserted)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunResult>> LoadResultsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var results = new List<RunResult>();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = """
                SELECT strategy, problem_id, sample, strategy_index, problem_index, trajectory_json, turn_verdicts_json,
                       final_verdict_json, usage_json, billed_input_tokens, billed_output_tokens, latency_ms, finished_at
                FROM results WHERE run_id = $run
                ORDER BY strategy_index, problem_index, problem_id, sample, strategy
                """;
            command.Parameters.AddWithValue("$run", runId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var scored = new ScoredTrajectory
                    {
                        Strategy = reader.GetString(0),
                        ProblemId = reader.GetString(1),
                        Sample = reader.GetInt32(2),
                        Trajectory = Deserialize<Trajectory>(reader.GetString(5)),
                        TurnVerdicts = Deserialize<List<Verdict>>(reader.GetString(6)),
                        FinalVerdict = Deserialize<Verdict>(reader.GetString(7)),
                    };
                    results.Add(new RunResult
                    {
                        Scored = scored,
                        StrategyIndex = reader.GetInt32(3),
                        ProblemIndex = reader.GetInt32(4),
                        UsageByRole = Deserialize<Dictionary<ModelRole, TokenUsage>>(reader.GetString(8)),
                        BilledUsage = new TokenUsage(reader.GetInt64(9), reader.GetInt64(10)),
                        Latency = TimeSpan.FromMilliseconds(reader.GetDouble(11)),
                        FinishedAt = ParseTime(reader.GetString(12)),
                    });
                }
            }
        }

        return results;
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<ResultKey>> GetFinishedKeysAsync(string runId, CancellationToken cancellationToken = default)
    {
        var keys = new HashSet<ResultKey>();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT strategy, problem_id, sample FROM results WHERE run_id = $run AND stop_reason <> $error";
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$error", StopReasons.Error);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(new ResultKey(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
                }
            }
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<long> CountFinishedAsync(string runId, CancellationToken cancellationToken = default) =>
        (await CountAsync(runId, "stop_reason <> $error", cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<long> CountResultsAsync(string runId, CancellationToken cancellationToken = default) =>
        (await CountAsync(runId, "1 = 1", cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<TokenUsage> GetBilledUsageAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(SUM(billed_input_tokens), 0), COALESCE(SUM(billed_output_tokens), 0) FROM results WHERE run_id = $run";
            command.Parameters.AddWithValue("$run", runId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new TokenUsage(reader.GetInt64(0), reader.GetInt64(1));
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> SaveItemAsync(string runId, RunItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!ItemKeyPattern().IsMatch(item.Key))
        {
            throw new ArgumentException($"Item key '{item.Key}' must be 1-256 letters, digits or '. _ - / : @'.", nameof(item));
        }

        return await WriteAsync(async connection =>
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var now = FormatTime(_time.GetUtcNow());
                await TouchRunAsync(connection, transaction, runId, now, cancellationToken).ConfigureAwait(false);

                var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO run_items (run_id, item_key, payload_json, stored_at) VALUES ($run, $key, $payload, $now)
                    ON CONFLICT(run_id, item_key) DO NOTHING
                    """;
                insert.Parameters.AddWithValue("$run", runId);
                insert.Parameters.AddWithValue("$key", item.Key);
                insert.Parameters.AddWithValue("$payload", item.PayloadJson);
                insert.Parameters.AddWithValue("$now", now);
                var inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return inserted;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunItem>> LoadItemsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var items = new List<RunItem>();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var exists = connection.CreateCommand();
            exists.CommandText = "SELECT 1 FROM runs WHERE id = $run";
            exists.Parameters.AddWithValue("$run", runId);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                throw new KeyNotFoundException($"No run '{runId}' in {Path}.");
            }

            var command = connection.CreateCommand();
            command.CommandText = "SELECT item_key, payload_json, stored_at FROM run_items WHERE run_id = $run ORDER BY seq";
            command.Parameters.AddWithValue("$run", runId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    items.Add(new RunItem(reader.GetString(0), reader.GetString(1)) { StoredAt = ParseTime(reader.GetString(2)) });
                }
            }
        }

        return items;
    }

    /// <summary>Runs SQLite's integrity check; returns its report (<c>ok</c> when the file is sound).</summary>
    public async Task<string> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    /// <summary>Releases pooled connections to the file (so it can be moved or deleted). The store must not be used afterwards.</summary>
    public ValueTask DisposeAsync()
    {
        SqliteFiles.ReleasePool(_connectionString);

        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Opens a connection to the store's file with the store's pragmas applied (for the response cache sharing the file).</summary>
    internal Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        SqliteFiles.OpenAsync(_connectionString, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", cancellationToken);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);

            await SqliteRunStoreSchema.MigrateAsync(connection, Path, cancellationToken).ConfigureAwait(false);
        }
    }

    // Writes are serialised within the process: SQLite takes one writer at a time, and queueing here spares the writers
    // the busy timeout (readers never wait on it).
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await write(connection).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task WriteAsync(Func<SqliteConnection, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(
            async connection =>
            {
                await write(connection).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    // Inside a write to a run: marks the run as written to at `now`, and refuses a run that does not exist.
    private async Task TouchRunAsync(SqliteConnection connection, SqliteTransaction transaction, string runId, string now, CancellationToken cancellationToken)
    {
        var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE runs SET updated_at = $now WHERE id = $run";
        update.Parameters.AddWithValue("$run", runId);
        update.Parameters.AddWithValue("$now", now);
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new KeyNotFoundException($"No run '{runId}' in {Path}.");
        }
    }

    private async Task<long> CountAsync(string runId, string condition, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
#pragma warning disable CA2100 // the condition is one of two constants in this file, never user input
            command.CommandText = "SELECT COUNT(*) FROM results WHERE run_id = $run AND " + condition;
#pragma warning restore CA2100
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$error", StopReasons.Error);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }

    private static void AddKey(SqliteCommand command, string runId, ScoredTrajectory scored)
    {
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$strategy", scored.Strategy);
        command.Parameters.AddWithValue("$problem", scored.ProblemId);
        command.Parameters.AddWithValue("$sample", scored.Sample);
    }

    private static RunInfo ReadRunInfo(SqliteDataReader reader) => new(
        reader.GetString(0),
        ParseTime(reader.GetString(1)),
        ParseTime(reader.GetString(2)),
        reader.GetString(3),
        Enum.Parse<RunStatus>(reader.GetString(4)),
        reader.IsDBNull(5) ? null : reader.GetString(5))
    {
        Kind = reader.GetString(6),
    };

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, RunJson.Options) ?? throw new InvalidDataException($"Stored {typeof(T).Name} is null.");

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private string NewRunId() =>
        _time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._/:@-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemKeyPattern();
}
