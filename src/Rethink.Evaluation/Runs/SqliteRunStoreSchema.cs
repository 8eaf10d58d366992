using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// The run store's schema as an ordered list of migrations. A new file gets every step; an older file gets the steps
/// past its version. Each step runs in one transaction together with its version row, so a crash leaves the file at
/// the version before or after the step, never between. Steps are only ever added, never edited: a file written by
/// any earlier build opens and reads unchanged.
/// </summary>
internal static class SqliteRunStoreSchema
{
    /// <summary>The version the last step brings a file to.</summary>
    public const int CurrentVersion = 2;

    // Version 1: runs and their scored results. Version 2: run kinds (existing runs are evaluations) and the per-item
    // records of the other kinds.
    private static readonly string[] Steps =
    [
        """
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
        """,
        """
        ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'evaluation';
        CREATE TABLE run_items (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            stored_at TEXT NOT NULL,
            UNIQUE (run_id, item_key)
        );
        """,
    ];

    /// <summary>The SQL of the step that brings a file to <paramref name="version"/> (tests build old files from it).</summary>
    public static string StepTo(int version) => Steps[version - 1];

    /// <summary>
    /// Brings the file behind <paramref name="connection"/> to <see cref="CurrentVersion"/>. Throws
    /// <see cref="InvalidOperationException"/> when it was written by a newer schema.
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Read inside the transaction: two processes opening one old file at once migrate it once.
                var read = connection.CreateCommand();
                read.Transaction = transaction;
                read.CommandText = "SELECT MAX(version) FROM schema_version";
                var found = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                var version = found is null or DBNull ? 0 : Convert.ToInt32(found, CultureInfo.InvariantCulture);
                if (version > CurrentVersion)
                {
                    throw new InvalidOperationException(
                        $"{path} was written by a newer Rethink (schema {version}; this build reads up to {CurrentVersion}).");
                }

                if (version == CurrentVersion)
                {
                    return;
                }

                var step = connection.CreateCommand();
                step.Transaction = transaction;
                step.CommandText = Steps[version] + "\nINSERT INTO schema_version (version) VALUES ($version);";
                step.Parameters.AddWithValue("$version", version + 1);
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
