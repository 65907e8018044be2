using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Providers;

namespace PSMigrate.Engine.Tests;

/// <summary>The deployment lock on each real database: a second run waits, says so, and times out.</summary>
public sealed class RunLockTests
{
    [Fact]
    public void SqliteLockMakesASecondRunWaitThenTimeOut()
    {
        var directory = Path.Combine(Path.GetTempPath(), "psmigrate-lock-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            AssertExclusive(Target(ProviderKind.Sqlite, $"Data Source={Path.Combine(directory, "app.db")}"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [PostgresFact]
    public void PostgresAdvisoryLockMakesASecondRunWaitThenTimeOut()
    {
        using var database = new PostgresDatabase();
        AssertExclusive(Target(ProviderKind.PostgreSql, database.ConnectionString));
    }

    private static MigrationTarget Target(ProviderKind kind, string connectionString) =>
        MigrationTargetResolver.Resolve(new MigrationSettings(), "/", "/", connectionString, null, kind);

    private static void AssertExclusive(MigrationTarget target)
    {
        using var first = MigrationSession.Connect(target);
        using var second = MigrationSession.Connect(target);
        var messages = new List<string>();

        using (first.AcquireRunLock(TimeSpan.FromSeconds(5), messages.Add))
        {
            Assert.Empty(messages);
            var error = Assert.Throws<MigrationException>(() => second.AcquireRunLock(TimeSpan.FromMilliseconds(600), messages.Add));
            Assert.Equal("PSMigrate.LockTimeout", error.ErrorId);
            Assert.Contains("-LockTimeout", error.Message);
            Assert.StartsWith("Waiting for the deployment lock", Assert.Single(messages));
        }

        using (second.AcquireRunLock(TimeSpan.FromSeconds(5), messages.Add))
        {
            Assert.Single(messages);
        }
    }
}
