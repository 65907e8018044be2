using Npgsql;

namespace PSMigrate.Engine.Tests;

/// <summary>A fresh database on the test PostgreSQL server, dropped afterwards.</summary>
public sealed class PostgresDatabase : IDisposable
{
    public const string ServerVariable = "PSMIGRATE_TEST_POSTGRES";
    public const string RequireVariable = "PSMIGRATE_REQUIRE_POSTGRES";

    private readonly string admin;
    private readonly string name = "psm_" + Guid.NewGuid().ToString("N")[..16];

    public PostgresDatabase()
    {
        admin = Admin ?? throw new InvalidOperationException($"{RequireVariable} is set but {ServerVariable} is not: the PostgreSQL tests cannot run.");
        Execute(admin, $"CREATE DATABASE {name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    public static string? Admin => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    public static bool Available => Admin is not null || Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    public string ConnectionString { get; }

    public string Name => name;

    /// <summary>Runs a statement as the server's administrator (in the postgres database).</summary>
    public void Administer(string sql) => Execute(admin, sql);

    /// <summary>The backends of this database (other than the caller) whose current query contains the text.</summary>
    public List<int> BackendsRunning(string text) =>
        Column($"SELECT pid FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid() AND query LIKE '%{text}%' AND state = 'active'")
            .Select(int.Parse).ToList();

    public List<string> Column(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0))!);
        }

        return values;
    }

    public void Dispose() => Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>Skipped, with the reason, when no PostgreSQL server is configured and none is required.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresDatabase.Available)
        {
            Skip = $"PostgreSQL tests skipped: no server configured. Set {PostgresDatabase.ServerVariable} (.ci/run sets one up).";
        }
    }
}

/// <summary>A theory row for PostgreSQL, shown as skipped (never dropped) when no server is configured.</summary>
public sealed class OnPostgresAttribute : Xunit.Sdk.DataAttribute
{
    public OnPostgresAttribute()
    {
        if (!PostgresDatabase.Available)
        {
            Skip = $"PostgreSQL tests skipped: no server configured. Set {PostgresDatabase.ServerVariable} (.ci/run sets one up).";
        }
    }

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[ProviderKind.PostgreSql]];
}
