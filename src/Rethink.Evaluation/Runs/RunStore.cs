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
/// disk (WAL does not work over network filesystems).
/// </summary>
public sealed partial class RunStore : IAsyncDisposable
{
    /// <summary>The schema version this code writes; a file with a newer one is refused.</summary>
    public const int SchemaVersion = 1;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;

    private RunStore(string path, TimeProvider time)
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

    /// <summary>Invoked inside a result's transaction after the row is inserted and before the commit (crash tests).</summary>
    internal Func<string, Task>? WriteStepHook { get; set; }

    /// <summary>
    /// Opens (creating when absent) the store at <paramref name="path"/> and brings its schema up to date. Throws
    /// <see cref="InvalidOperationException"/> when the file was written by a newer schema version.
    /// </summary>
    public static async Task<RunStore> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var store = new RunStore(path, timeProvider ?? TimeProvider.System);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>
    /// Stores a new run of <paramref name="configuration"/> with status <see cref="RunStatus.Created"/>. The id is
    /// <paramref name="runId"/> when given (letters, digits, '.', '_', '-'; at most 64) or a new time-based one. Throws
    /// <see cref="InvalidOperationException"/> when the id exists. Secrets known to <paramref name="scrubber"/> (default:
    /// the environment's) are removed from the stored configuration.
    /// </summary>
    public async Task<RunInfo> CreateRunAsync(RunConfiguration configuration, string? runId = null, SecretScrubber? scrubber = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Validate();
        var id = runId ?? NewRunId();
        if (!RunIdPattern().IsMatch(id))
        {
            throw new ArgumentException($"Run id '{id}' must be 1-64 letters, digits, '.', '_' or '-'.", nameof(runId));
        }

        var now = _time.GetUtcNow();
        var json = (scrubber ?? SecretScrubber.Default).Scrub(JsonSerializer.Serialize(configuration, RunJson.Options))!;
        var fingerprint = configuration.Fingerprint();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO runs (id, created_at, updated_at, config_json, fingerprint, status, message)
                    VALUES ($id, $now, $now, $config, $fingerprint, $status, NULL)
                    ON CONFLICT(id) DO NOTHING
                    """;
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$now", FormatTime(now));
                command.Parameters.AddWithValue("$config", json);
                command.Parameters.AddWithValue("$fingerprint", fingerprint);
                command.Parameters.AddWithValue("$status", RunStatus.Created.ToString());
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new InvalidOperationException($"A run with id '{id}' already exists in {Path}.");
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return new RunInfo(id, now, now, fingerprint, RunStatus.Created, null);
    }

    /// <summary>Every run in the file, oldest first (ties by id).</summary>
    public async Task<IReadOnlyList<RunInfo>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        var runs = new List<RunInfo>();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT id, created_at, updated_at, fingerprint, status, message FROM runs ORDER BY created_at, id";
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

    /// <summary>The run with id <paramref name="runId"/>, or null.</summary>
    public async Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT id, created_at, updated_at, fingerprint, status, message FROM runs WHERE id = $id";
            command.Parameters.AddWithValue("$id", runId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRunInfo(reader) : null;
            }
        }
    }

    /// <summary>The configuration the run was created with. Throws <see cref="KeyNotFoundException"/> for an unknown run.</summary>
    public async Task<RunConfiguration> LoadConfigurationAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT config_json FROM runs WHERE id = $id";
            command.Parameters.AddWithValue("$id", runId);
            var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string
                ?? throw new KeyNotFoundException($"No run '{runId}' in {Path}.");
            return JsonSerializer.Deserialize<RunConfiguration>(json, RunJson.Options)
                ?? throw new InvalidDataException($"Run '{runId}' has an empty configuration.");
        }
    }

    /// <summary>Sets the run's status and message. Throws <see cref="KeyNotFoundException"/> for an unknown run.</summary>
    public async Task SetStatusAsync(string runId, RunStatus status, string? message = null, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
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
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Stores <paramref name="result"/> in one transaction. Returns false, changing nothing, when a result with the same
    /// key is already stored, except that a stored <see cref="StopReasons.Error"/> result is replaced (errors are retried
    /// on resume). Throws <see cref="KeyNotFoundException"/> for an unknown run.
    /// </summary>
    public async Task<bool> SaveResultAsync(string runId, RunResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scored = result.Scored;
        var trajectoryJson = JsonSerializer.Serialize(scored.Trajectory, RunJson.Options);
        var verdictsJson = JsonSerializer.Serialize(scored.TurnVerdicts, RunJson.Options);
        var finalJson = JsonSerializer.Serialize(scored.FinalVerdict, RunJson.Options);
        var usageJson = JsonSerializer.Serialize(result.UsageByRole, RunJson.Options);
        var total = scored.Trajectory.TotalUsage;

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var update = connection.CreateCommand();
                    update.Transaction = transaction;
                    update.CommandText = "UPDATE runs SET updated_at = $now WHERE id = $run";
                    update.Parameters.AddWithValue("$run", runId);
                    update.Parameters.AddWithValue("$now", FormatTime(_time.GetUtcNow()));
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw new KeyNotFoundException($"No run '{runId}' in {Path}.");
                    }

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
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// The run's scored trajectories in a fixed order: strategy position in the configuration, problem position in the
    /// dataset, problem id, sample. Completion order never affects it.
    /// </summary>
    public async Task<IReadOnlyList<ScoredTrajectory>> LoadScoredTrajectoriesAsync(string runId, CancellationToken cancellationToken = default) =>
        (await LoadResultsAsync(runId, cancellationToken).ConfigureAwait(false)).Select(r => r.Scored).ToList();

    /// <summary>The run's stored results, in the order of <see cref="LoadScoredTrajectoriesAsync"/>.</summary>
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

    /// <summary>Keys of the run's finished results: every stored result except errors (which a resume retries).</summary>
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

    /// <summary>Number of finished (non-error) results of the run.</summary>
    public async Task<long> CountFinishedAsync(string runId, CancellationToken cancellationToken = default) =>
        (await CountAsync(runId, "stop_reason <> $error", cancellationToken).ConfigureAwait(false));

    /// <summary>Number of stored results of the run, errors included.</summary>
    public async Task<long> CountResultsAsync(string runId, CancellationToken cancellationToken = default) =>
        (await CountAsync(runId, "1 = 1", cancellationToken).ConfigureAwait(false));

    /// <summary>Billed tokens (calls not served from the cache) of every stored result of the run.</summary>
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

            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var create = connection.CreateCommand();
                create.Transaction = transaction;
                create.CommandText = """
                    CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS runs (
                        id TEXT PRIMARY KEY,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        config_json TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        status TEXT NOT NULL,
                        message TEXT
                    );
                    CREATE TABLE IF NOT EXISTS results (
                        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        strategy TEXT NOT NULL,
                        problem_id TEXT NOT NULL,
                        sample INTEGER NOT NULL,
                        strategy_index INTEGER NOT NULL,
                        problem_index INTEGER NOT NULL,
                        trajectory_json TEXT NOT NULL,
                        turn_verdicts_json TEXT NOT NULL,
                        final_verdict_json TEXT NOT NULL,
                        final_correct INTEGER NOT NULL,
                        stop_reason TEXT NOT NULL,
                        usage_json TEXT NOT NULL,
                        input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        billed_input_tokens INTEGER NOT NULL,
                        billed_output_tokens INTEGER NOT NULL,
                        latency_ms REAL NOT NULL,
                        finished_at TEXT NOT NULL,
                        UNIQUE (run_id, strategy, problem_id, sample)
                    );
                    """;
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                var read = connection.CreateCommand();
                read.Transaction = transaction;
                read.CommandText = "SELECT MAX(version) FROM schema_version";
                var found = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (found is null or DBNull)
                {
                    var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO schema_version (version) VALUES ($version)";
                    insert.Parameters.AddWithValue("$version", SchemaVersion);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (Convert.ToInt64(found, CultureInfo.InvariantCulture) > SchemaVersion)
                {
                    throw new InvalidOperationException(
                        $"{Path} was written by a newer Rethink (schema {found}; this build reads up to {SchemaVersion}).");
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
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
        reader.IsDBNull(5) ? null : reader.GetString(5));

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, RunJson.Options) ?? throw new InvalidDataException($"Stored {typeof(T).Name} is null.");

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private string NewRunId() =>
        _time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();
}
