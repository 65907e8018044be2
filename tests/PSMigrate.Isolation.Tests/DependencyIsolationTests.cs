using Microsoft.Data.Sqlite;
using Npgsql;
using PSMigrate.Module.Tests;

namespace PSMigrate.Isolation.Tests;

/// <summary>
/// This process carries Microsoft.Data.Sqlite 8 and Npgsql 9 of its own. PSMigrate (built with
/// 10) must import and migrate beside them, and they must keep working after it.
/// </summary>
public sealed class DependencyIsolationTests
{
    [Fact]
    public void ModuleWorksBesideOlderDriversAndLeavesThemWorking()
    {
        // An older SQLite driver, loaded and used before PSMigrate is imported.
        Assert.Equal(8, typeof(SqliteConnection).Assembly.GetName().Version!.Major);
        Assert.Equal("1", Scalar(new SqliteConnection("Data Source=:memory:"), "SELECT 1"));

        foreach (var provider in Providers.PostgresReachable ? [Providers.Sqlite, Providers.PostgreSql] : new[] { Providers.Sqlite })
        {
            using var session = new PowerShellSession(provider);
            var ids = TutorialRevisions.Create(session);
            session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
            Assert.Equal([ids[^1]], session.Db.Heads());
            Assert.Equal(["Ada Lovelace", "Grace Hopper"], session.Db.Column("SELECT name FROM employees ORDER BY id"));

            var versions = session.Run("""
                [System.AppDomain]::CurrentDomain.GetAssemblies() |
                    Where-Object { $_.GetName().Name -in 'Microsoft.Data.Sqlite', 'Npgsql', 'Microsoft.Data.SqlClient' } |
                    ForEach-Object { '{0} {1} {2}' -f $_.GetName().Name, $_.GetName().Version.Major, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }
                """).Output.Select(o => o.ToString()).ToList();
            Assert.Contains("Microsoft.Data.Sqlite 8 Default", versions);
            Assert.Contains("Microsoft.Data.Sqlite 10 PSMigrate", versions);
            if (provider == Providers.PostgreSql)
            {
                Assert.Contains("Npgsql 10 PSMigrate", versions);
            }
            else
            {
                // A SQLite run loads no other driver (it used to load all three).
                Assert.DoesNotContain(versions, v => v.EndsWith(" PSMigrate", StringComparison.Ordinal) && !v.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal));
            }

            Assert.DoesNotContain(versions, v => v.StartsWith("Microsoft.Data.SqlClient", StringComparison.Ordinal));
        }

        // The older drivers still work after PSMigrate ran; Npgsql 9 is loaded only now, after PSMigrate's 10.
        Assert.Equal("1", Scalar(new SqliteConnection("Data Source=:memory:"), "SELECT 1"));
        Assert.Equal(9, typeof(NpgsqlConnection).Assembly.GetName().Version!.Major);
        if (Providers.PostgresAdmin is { } admin)
        {
            Assert.StartsWith("PostgreSQL", Scalar(new NpgsqlConnection(admin), "SELECT version()"));
        }
        else
        {
            Assert.Equal("db", new NpgsqlConnectionStringBuilder("Host=db").Host);
        }
    }

    private static string Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using (connection)
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar())!;
        }
    }
}
