using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// A SQLite table of model responses keyed by <see cref="ResponseCacheKey"/>; may share the run store's file or have
/// its own. Entries are never expired (a key covers everything that changes the output). Thread-safe: each operation
/// opens its own pooled connection; concurrent writers of the same key keep the first entry.
/// </summary>
public sealed class ResponseCache : IAsyncDisposable
{
    private readonly string _connectionString;

    private ResponseCache(string path)
    {
        Path = path;
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

    /// <summary>Opens (creating when absent) the cache table in the SQLite file at <paramref name="path"/>.</summary>
    public static async Task<ResponseCache> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var cache = new ResponseCache(path);
        var connection = await cache.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS response_cache (
                    key TEXT PRIMARY KEY,
                    text TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    finish_reason TEXT,
                    model_id TEXT,
                    mean_logprob REAL,
                    created_at TEXT NOT NULL
                );
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return cache;
    }

    /// <summary>The entry stored under <paramref name="key"/>, or null.</summary>
    public async Task<ResponseCacheEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT text, input_tokens, output_tokens, finish_reason, model_id, mean_logprob FROM response_cache WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new ResponseCacheEntry(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetDouble(5));
            }
        }
    }

    /// <summary>Stores <paramref name="entry"/> under <paramref name="key"/> unless the key already has an entry.</summary>
    public async Task SetAsync(string key, ResponseCacheEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO response_cache (key, text, input_tokens, output_tokens, finish_reason, model_id, mean_logprob, created_at)
                VALUES ($key, $text, $input, $output, $finish, $model, $logprob, $now)
                ON CONFLICT(key) DO NOTHING
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$text", entry.Text);
            command.Parameters.AddWithValue("$input", entry.InputTokens);
            command.Parameters.AddWithValue("$output", entry.OutputTokens);
            command.Parameters.AddWithValue("$finish", (object?)entry.FinishReason ?? DBNull.Value);
            command.Parameters.AddWithValue("$model", (object?)entry.ModelId ?? DBNull.Value);
            command.Parameters.AddWithValue("$logprob", entry.MeanLogProb is { } lp && double.IsFinite(lp) ? lp : DBNull.Value);
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Number of stored entries.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM response_cache";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Releases pooled connections to the file. The cache must not be used afterwards.</summary>
    public ValueTask DisposeAsync()
    {
        SqliteFiles.ReleasePool(_connectionString);

        return ValueTask.CompletedTask;
    }

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        SqliteFiles.OpenAsync(_connectionString, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;", cancellationToken);
}
