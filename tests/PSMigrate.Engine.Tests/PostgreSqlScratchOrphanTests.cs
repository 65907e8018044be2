using Npgsql;
using PSMigrate.Engine.Providers.PostgreSql;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// A process killed while it held a scratch database (kill -9) cannot drop it; the next scratch
/// database of the same role does, and only that: databases in use, young ones and names in
/// another form stay.
/// </summary>
public sealed class PostgreSqlScratchOrphanTests
{
    [PostgresFact]
    public void TheNextScratchDatabaseDropsOrphansOnlyAndKeepsAConnectionForItsOwnLife()
    {
        using var server = new PostgresDatabase();
        var (orphan, inUse, young, otherForm) = Names();
        try
        {
            // Connected as soon as it exists: a scratch database another test makes on this server
            // meanwhile drops the role's old unconnected ones, as it should.
            server.Administer($"CREATE DATABASE \"{inUse}\"");
            using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = inUse }.ConnectionString);
            holder.Open();
            foreach (var name in new[] { orphan, young, otherForm })
            {
                server.Administer($"CREATE DATABASE \"{name}\"");
            }

            string created;
            using (var scratch = new PostgreSqlScratchDatabase(server.ConnectionString, null))
            {
                created = new NpgsqlConnectionStringBuilder(scratch.ConnectionString).Database!;
                Assert.Equal(DateTime.UtcNow, PostgreSqlScratchDatabase.CreatedAt(created)!.Value, TimeSpan.FromMinutes(1));

                // Its own connection marks it as in use for another process's clean-up.
                Assert.Equal(["1"], server.Column($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{created}'"));
            }

            AssertLeft(server.Column("SELECT datname FROM pg_database WHERE datname LIKE 'psmigrate\\_scratch\\_%'"),
                gone: [orphan, created], kept: [inUse, young, otherForm]);
        }
        finally
        {
            foreach (var name in new[] { orphan, inUse, young, otherForm })
            {
                server.Administer($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
        }
    }

    [PostgresFact]
    public void TheNextScratchSchemaDropsOrphanSchemasOnlyAndHoldsItsOwnLockForItsLife()
    {
        // A scratch schema has no connection of its own to tell a live owner from a dead one, so
        // its owner holds an advisory lock on its name; the server drops the lock with the session.
        using var server = new PostgresDatabase();
        var (orphan, held, young, otherForm) = Names();
        foreach (var name in new[] { orphan, held, young, otherForm })
        {
            server.Column($"CREATE SCHEMA \"{name}\"");
        }

        server.Column($"CREATE TABLE \"{orphan}\".left_behind (id int)");
        using var owner = new NpgsqlConnection(server.ConnectionString);
        owner.Open();
        Assert.True(SchemaLock(owner, "pg_try_advisory_lock", held));

        string created;
        using (var scratch = new PostgreSqlScratchDatabase(server.ConnectionString, server.ConnectionString))
        {
            created = scratch.Schema!;
            Assert.Equal(DateTime.UtcNow, PostgreSqlScratchDatabase.CreatedAt(created)!.Value, TimeSpan.FromMinutes(1));
            using var other = new NpgsqlConnection(server.ConnectionString);
            other.Open();
            Assert.False(SchemaLock(other, "pg_try_advisory_lock", created));
        }

        AssertLeft(server.Column("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'psmigrate\\_scratch\\_%'"),
            gone: [orphan, created], kept: [held, young, otherForm]);
    }

    private static void AssertLeft(List<string> left, string[] gone, string[] kept)
    {
        Assert.All(gone, name => Assert.DoesNotContain(name, left));
        Assert.All(kept, name => Assert.Contains(name, left));
    }

    /// <summary>An old name, a second old name (kept alive by the test), a one-minute-old name and a name in the older form.</summary>
    private static (string Old, string OldAlive, string Young, string OtherForm) Names()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return ($"psmigrate_scratch_20200101000000_{suffix}", $"psmigrate_scratch_20200101000001_{suffix}",
            $"psmigrate_scratch_{DateTime.UtcNow.AddMinutes(-1):yyyyMMddHHmmss}_{suffix}", $"psmigrate_scratch_{suffix}0000");
    }

    private static bool SchemaLock(NpgsqlConnection connection, string function, string schema)
    {
        using var command = new NpgsqlCommand($"SELECT {function}({PostgreSqlScratchDatabase.SchemaLockClass}, hashtext('{schema}'))", connection);
        return command.ExecuteScalar() is true;
    }

    [Theory]
    [InlineData("psmigrate_scratch_20261123191500_0123456789ab", "2026-11-23T19:15:00")]
    [InlineData("psmigrate_scratch_0123456789abcdef", null)]
    [InlineData("psmigrate_scratch_2026112319150_0123456789ab", null)]
    [InlineData("psmigrate_scratch_20261399000000_0123456789ab", null)]
    [InlineData("other_20261123191500_0123456789ab", null)]
    public void TheCreationTimeIsReadFromTheNameOnlyWhenItIsThere(string name, string? expected)
    {
        var created = PostgreSqlScratchDatabase.CreatedAt(name);
        Assert.Equal(expected, created?.ToString("s", System.Globalization.CultureInfo.InvariantCulture));
        if (created is { } value)
        {
            Assert.Equal(DateTimeKind.Utc, value.Kind);
        }
    }
}
