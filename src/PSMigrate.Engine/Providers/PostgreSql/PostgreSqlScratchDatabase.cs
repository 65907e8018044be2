using System.Globalization;
using Npgsql;
using PSMigrate.Engine.Schema;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// A temporary database created on the same server (the role needs CREATEDB) and dropped with
/// FORCE afterwards; or, given a dev database, a schema of its own there, dropped with CASCADE.
/// Names start with psmigrate_scratch_ and the UTC time of creation. A temporary database keeps
/// one connection open for its whole life, and a scratch schema one session holding an advisory
/// lock on its name, so one without that is older than <see cref="OrphanAge"/> was left by a
/// process that died before dropping it (kill -9, a lost machine): the next scratch database or
/// schema of the same role drops it. The server ends the session, and the lock, with the process.
/// </summary>
internal sealed class PostgreSqlScratchDatabase : IScratchDatabase
{
    public const string Prefix = "psmigrate_scratch_";
    private const string CreatedFormat = "yyyyMMddHHmmss";

    // Only covers the moment between CREATE DATABASE and the keeper's connection, with room for
    // clocks that disagree between the machines that deploy.
    public static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(10);

    // Advisory locks keyed by two numbers (this, hashtext(schema)) live apart from the run lock's one-number keys.
    internal const int SchemaLockClass = 0x50534D53;

    private string adminConnectionString;
    private readonly string name = Prefix + DateTime.UtcNow.ToString(CreatedFormat, CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..12];
    private readonly bool isSchema;
    private readonly NpgsqlConnection? keeper;

    public PostgreSqlScratchDatabase(string connectionString, string? devConnectionString)
    {
        isSchema = devConnectionString is not null;
        adminConnectionString = new NpgsqlConnectionStringBuilder(devConnectionString ?? connectionString) { Pooling = false }.ConnectionString;
        var scratch = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        if (isSchema)
        {
            scratch.SearchPath = name;
        }
        else
        {
            scratch.Database = name;
        }

        try
        {
            Execute(isSchema ? $"CREATE SCHEMA \"{name}\"" : $"CREATE DATABASE \"{name}\"", dropOrphans: true);
        }
        catch (PostgresException error) when (!isSchema && error.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // The configured database is not there yet (a first deployment): any database of the server will do.
            adminConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = "postgres" }.ConnectionString;
            Execute($"CREATE DATABASE \"{name}\"", dropOrphans: true);
        }

        ConnectionString = scratch.ConnectionString;
        try
        {
            keeper = PostgreSqlLoopback.Connect(isSchema ? adminConnectionString : ConnectionString);
            keeper.Open();
            if (isSchema)
            {
                using var hold = SchemaLock("pg_advisory_lock", name, keeper);
                hold.ExecuteNonQuery();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>When a scratch database's name says it was made, or null for a name in another form (older versions').</summary>
    public static DateTime? CreatedAt(string databaseName)
    {
        if (!databaseName.StartsWith(Prefix, StringComparison.Ordinal) || databaseName.Length < Prefix.Length + CreatedFormat.Length + 1 ||
            databaseName[Prefix.Length + CreatedFormat.Length] != '_')
        {
            return null;
        }

        return DateTime.TryParseExact(databaseName.AsSpan(Prefix.Length, CreatedFormat.Length), CreatedFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created) ? created : null;
    }

    public string ConnectionString { get; }

    public string? Schema => isSchema ? name : null;

    public string Description => isSchema ? $"scratch schema {name} of the dev database" : $"temporary database {name}";

    public void Dispose()
    {
        keeper?.Dispose();
        try
        {
            Execute(isSchema ? $"DROP SCHEMA IF EXISTS \"{name}\" CASCADE" : $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The first error (or the result) matters more; the name says what to clean by hand.
        }
    }

    private void Execute(string sql, bool dropOrphans = false)
    {
        using var connection = PostgreSqlLoopback.Connect(adminConnectionString);
        connection.Open();
        if (dropOrphans && isSchema)
        {
            DropOrphanSchemas(connection);
        }
        else if (dropOrphans)
        {
            DropOrphanDatabases(connection);
        }

        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Drops this role's scratch schemas in the dev database whose advisory lock nobody holds and
    /// that are older than <see cref="OrphanAge"/>; the lock is taken for the drop, so a live
    /// owner (or another process cleaning up) is never raced. Never fails the run that is starting.
    /// </summary>
    private static void DropOrphanSchemas(NpgsqlConnection connection)
    {
        try
        {
            var candidates = OldEnough(connection,
                "SELECT n.nspname FROM pg_catalog.pg_namespace n " +
                "WHERE n.nspname LIKE @prefix AND n.nspowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)");
            foreach (var orphan in candidates)
            {
                using var take = SchemaLock("pg_try_advisory_lock", orphan, connection);
                if (take.ExecuteScalar() is not true)
                {
                    continue;
                }

                try
                {
                    using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{orphan}\" CASCADE", connection);
                    drop.ExecuteNonQuery();
                }
                catch (PostgresException)
                {
                    // No longer ours, or something else holds its objects now: tried again next time.
                }
                finally
                {
                    using var release = SchemaLock("pg_advisory_unlock", orphan, connection);
                    release.ExecuteNonQuery();
                }
            }
        }
        catch (PostgresException)
        {
            // A server that hides the catalog from the role: nothing is cleaned.
        }
    }

    /// <summary>The names the query finds for the @prefix pattern whose creation time says they are older than <see cref="OrphanAge"/>.</summary>
    private static List<string> OldEnough(NpgsqlConnection connection, string query)
    {
        var names = new List<string>();
        using var find = new NpgsqlCommand(query, connection);
        find.Parameters.AddWithValue("prefix", Prefix.Replace("_", "\\_", StringComparison.Ordinal) + "%");
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (CreatedAt(name) is { } created && DateTime.UtcNow - created > OrphanAge)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static NpgsqlCommand SchemaLock(string function, string schema, NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand($"SELECT {function}(@class, hashtext(@schema))", connection);
        command.Parameters.AddWithValue("class", SchemaLockClass);
        command.Parameters.AddWithValue("schema", schema);
        return command;
    }

    /// <summary>
    /// Drops this role's scratch databases that nobody is connected to and that are older than
    /// <see cref="OrphanAge"/>. Without FORCE: one that gains a connection meanwhile stays. Never
    /// fails the run that is starting; what cannot be dropped now is tried again next time.
    /// </summary>
    private static void DropOrphanDatabases(NpgsqlConnection connection)
    {
        try
        {
            var orphans = OldEnough(connection,
                "SELECT d.datname FROM pg_catalog.pg_database d " +
                "WHERE d.datname LIKE @prefix AND d.datdba = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user) " +
                "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datname = d.datname)");
            foreach (var orphan in orphans)
            {
                try
                {
                    using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{orphan}\"", connection);
                    drop.ExecuteNonQuery();
                }
                catch (PostgresException)
                {
                    // Someone connected to it after all (object in use), or it is no longer ours.
                }
            }
        }
        catch (PostgresException)
        {
            // A server that hides pg_stat_activity or pg_database from the role: nothing is cleaned.
        }
    }
}
