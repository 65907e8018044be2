using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Schema;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// A SQLite scratch database in a temporary file (not in memory: the run opens its own
/// connections, and an in-memory database ends with the connection that made it).
/// </summary>
internal sealed class SqliteScratchDatabase : IScratchDatabase
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"psmigrate-scratch-{Guid.NewGuid():N}.db");

    public SqliteScratchDatabase() =>
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString;

    public string ConnectionString { get; }

    public string? Schema => null;

    public string Description => $"scratch file {path}";

    public void Dispose()
    {
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
        }
    }
}
