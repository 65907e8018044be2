using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>The providers the database tests run on: SQLite always, PostgreSQL when a server is configured.</summary>
public static class Providers
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";
    public const string ServerVariable = "PSMIGRATE_TEST_POSTGRES";
    public const string RequireVariable = "PSMIGRATE_REQUIRE_POSTGRES";

    public static string? PostgresAdmin => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    public static bool PostgresRequired => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    /// <summary>How a script names an engine table: SQLite's fixed 'main'; PostgreSQL's as the script finds search_path.</summary>
    public static string ScriptTableName(string provider, string table) =>
        provider == Sqlite ? $"\"main\".\"{table}\"" : $"\"{table}\"";

    public static bool PostgresReachable => PostgresAdmin is not null || PostgresRequired;

    public const string PostgresSkipReason =
        $"PostgreSQL tests skipped: no server configured. Set {ServerVariable} to a connection string of a role that may create databases (.ci/run sets one up).";
}

/// <summary>
/// A theory's rows for one provider, each row the provider followed by one of the values given
/// (or the provider alone). PostgreSQL rows show as skipped, with the reason, when no server is
/// configured, so they never vanish from the count.
/// </summary>
public abstract class ProviderDataAttribute(string provider, object[] values) : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) =>
        values.Length == 0 ? [[provider]] : values.Select(value => new[] { provider, value });
}

public sealed class OnSqliteAttribute(params object[] values) : ProviderDataAttribute(Providers.Sqlite, values);

public sealed class OnPostgresAttribute : ProviderDataAttribute
{
    public OnPostgresAttribute(params object[] values)
        : base(Providers.PostgreSql, values)
    {
        if (!Providers.PostgresReachable)
        {
            Skip = Providers.PostgresSkipReason;
        }
    }
}

/// <summary>
/// A fresh, empty database for one test, inspected with the module's own driver through the
/// hosted engine (so the test process loads no database driver of its own).
/// </summary>
public abstract class TestDatabase : IDisposable
{
    protected TestDatabase(PowerShellSession session) => Session = session;

    protected PowerShellSession Session { get; }

    public abstract string Provider { get; }

    /// <summary>What Initialize-Migration -ConnectionString gets.</summary>
    public abstract string ConnectionString { get; }

    public abstract List<PSObject> Query(string sql);

    /// <summary>User tables (not the engine's own), sorted.</summary>
    public abstract List<string> Tables();

    /// <summary>Columns of every table, version rows and history count: equal snapshots mean nothing changed.</summary>
    public abstract string Snapshot();

    /// <summary>Every table, column (type, nullability, default), index, constraint, view and trigger, as sorted lines.</summary>
    public abstract List<string> SchemaDescription();

    public List<string> Column(string sql) =>
        Query(sql).Select(row => row.Properties.First().Value?.ToString() ?? string.Empty).ToList();

    public List<string> Heads() =>
        Exists("psmigrate_version") ? Column("SELECT version_num FROM psmigrate_version ORDER BY version_num") : [];

    public abstract bool Exists(string table);

    /// <summary>Runs statements behind PSMigrate's back (test data), with the module's own driver.</summary>
    public abstract void Execute(string sql);

    public virtual void Dispose()
    {
    }

    public static TestDatabase Create(PowerShellSession session, string provider) => provider switch
    {
        Providers.Sqlite => new SqliteTestDatabase(session),
        Providers.PostgreSql => new PostgresTestDatabase(session),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}

public sealed class SqliteTestDatabase(PowerShellSession session, string? file = null) : TestDatabase(session)
{
    public override string Provider => Providers.Sqlite;

    /// <summary>The file given, or app.db beside the config file (a relative Data Source is taken from there).</summary>
    public override string ConnectionString => file is null ? "Data Source=app.db" : $"Data Source={file}";

    public string Path => file ?? System.IO.Path.Combine(Session.Directory, "migrations", "app.db");

    public override List<string> SchemaDescription() => !File.Exists(Path)
        ? []
        : Column("SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");

    public override List<PSObject> Query(string sql) => Session.Query(sql, Path);

    public override void Execute(string sql) => Session.WriteSqlite(Path, sql);

    public override List<string> Tables() =>
        Column("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'psmigrate%' AND name NOT LIKE 'sqlite%' ORDER BY name");

    public override bool Exists(string table) =>
        File.Exists(Path) && Column($"SELECT count(*) FROM sqlite_master WHERE name = '{table}'").Single() == "1";

    public override string Snapshot() => !File.Exists(Path)
        ? "(no database file)"
        : string.Join("|", Query("SELECT name, sql FROM sqlite_master ORDER BY name").Select(r => r.ToString())
            .Concat(Heads())
            .Concat(Exists("psmigrate_history") ? Column("SELECT count(*) FROM psmigrate_history") : []));
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string admin;
    private readonly string name = "psm_" + Guid.NewGuid().ToString("N")[..16];

    public PostgresTestDatabase(PowerShellSession session)
        : base(session)
    {
        admin = Providers.PostgresAdmin ?? throw new InvalidOperationException(
            $"PostgreSQL tests are required ({Providers.RequireVariable}) but {Providers.ServerVariable} is not set.");
        Session.Run("Invoke-TestPgQuery -ConnectionString $cs -Sql $sql",
            new Dictionary<string, object?> { ["cs"] = admin, ["sql"] = $"CREATE DATABASE {name}" }).ShouldSucceed();
        ConnectionString = Session.Run("$b = (Get-ModuleType 'Npgsql' 'Npgsql.NpgsqlConnectionStringBuilder')::new($cs); $b.Database = $n; $b.ConnectionString",
            new Dictionary<string, object?> { ["cs"] = admin, ["n"] = name }).Output.Single().ToString();
    }

    public override string Provider => Providers.PostgreSql;

    public string Name => name;

    /// <summary>Sessions connected to this database now, counted from the server's side.</summary>
    public int OpenConnections() =>
        int.Parse(Session.Run("Invoke-TestPgQuery -ConnectionString $cs -Sql $sql | ForEach-Object n",
            new Dictionary<string, object?> { ["cs"] = admin, ["sql"] = $"SELECT count(*) AS n FROM pg_stat_activity WHERE datname = '{name}'" }).Output.Single().ToString()!,
            System.Globalization.CultureInfo.InvariantCulture);

    public override string ConnectionString { get; }

    public override void Execute(string sql) => Query(sql);

    public override List<PSObject> Query(string sql)
    {
        var result = Session.Run("Invoke-TestPgQuery -ConnectionString $cs -Sql $sql", new Dictionary<string, object?> { ["cs"] = ConnectionString, ["sql"] = sql });
        result.ShouldSucceed();
        return result.Output.ToList();
    }

    public override List<string> Tables() =>
        Column("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'psmigrate%' ORDER BY table_name");

    public override bool Exists(string table) =>
        Column($"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '{table}'").Single() == "1";

    public override string Snapshot() =>
        string.Join("|", Column("SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1")
            .Concat(Heads())
            .Concat(Exists("psmigrate_history") ? Column("SELECT count(*) FROM psmigrate_history") : [])
            .Concat(Column("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")));

    public override List<string> SchemaDescription() => Column("""
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') ||
               ' null=' || is_nullable || ' identity=' || is_identity || ' default=' || coalesce(column_default, '')
          FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL SELECT 'view ' || viewname || ': ' || definition FROM pg_views WHERE schemaname = 'public'
        UNION ALL SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'function ' || p.proname || '(' || pg_get_function_arguments(p.oid) || ')' FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
        ORDER BY 1
        """);

    public override void Dispose()
    {
        Session.Run("Invoke-TestPgQuery -ConnectionString $cs -Sql $sql",
            new Dictionary<string, object?> { ["cs"] = admin, ["sql"] = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)" });
    }
}
