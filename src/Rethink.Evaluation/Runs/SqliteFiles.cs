using Microsoft.Data.Sqlite;

namespace Rethink.Evaluation.Runs;

/// <summary>Connection handling shared by the run store and the response cache (they may share one file).</summary>
internal static class SqliteFiles
{
    /// <summary>Opens a connection and applies <paramref name="pragmas"/>; the connection is disposed if that fails.</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var pragma = connection.CreateCommand();
            pragma.CommandText = pragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases pooled connections to the file, so it can be moved or deleted.</summary>
    public static void ReleasePool(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
