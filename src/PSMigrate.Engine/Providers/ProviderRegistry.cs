using System.Data.Common;
using System.Runtime.CompilerServices;
using PSMigrate.Engine.Providers.PostgreSql;
using PSMigrate.Engine.Providers.SqlServer;
using PSMigrate.Engine.Providers.Sqlite;

namespace PSMigrate.Engine.Providers;

/// <summary>Finds the provider for a kind, or infers the kind from a connection string.</summary>
internal static class ProviderRegistry
{
    /// <remarks>
    /// Each provider is made in a method of its own: a method that names all three makes the
    /// runtime load every driver (SqlClient, Npgsql) when it is first called, which a SQLite run
    /// paid in start-up time and memory without using either.
    /// </remarks>
    public static IMigrationProvider Get(ProviderKind kind) => kind switch
    {
        ProviderKind.Sqlite => Sqlite(),
        ProviderKind.PostgreSql => PostgreSql(),
        ProviderKind.SqlServer => SqlServer(),
        _ => throw new MigrationException(MigrationErrors.UnknownProvider, $"'{kind}' is not a provider.", kind),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IMigrationProvider Sqlite() => new SqliteProvider();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IMigrationProvider PostgreSql() => new PostgreSqlProvider();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IMigrationProvider SqlServer() => new SqlServerProvider();

    /// <summary>The kind a connection string's keywords point to, or null when they could mean several.</summary>
    public static ProviderKind? Infer(string connectionString)
    {
        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            return null;
        }

        bool Has(params string[] keys) => keys.Any(builder.ContainsKey);

        if (Has("Host", "Server Compatibility Mode", "SSL Mode", "SslMode"))
        {
            return ProviderKind.PostgreSql;
        }

        if (Has("Server", "Initial Catalog", "Integrated Security", "Trusted_Connection", "Encrypt", "TrustServerCertificate", "Addr", "Address"))
        {
            return ProviderKind.SqlServer;
        }

        if (Has("Data Source", "DataSource", "Filename"))
        {
            var source = (builder.TryGetValue("Data Source", out var ds) ? ds : builder.TryGetValue("DataSource", out var ds2) ? ds2 : builder["Filename"])?.ToString() ?? string.Empty;
            var extension = Path.GetExtension(source).ToLowerInvariant();
            if (source == ":memory:" || extension is ".db" or ".sqlite" or ".sqlite3" or ".db3" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderKind.Sqlite;
            }
        }

        return null;
    }
}
