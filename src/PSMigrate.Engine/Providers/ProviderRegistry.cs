using System.Data.Common;
using PSMigrate.Engine.Providers.PostgreSql;
using PSMigrate.Engine.Providers.SqlServer;
using PSMigrate.Engine.Providers.Sqlite;

namespace PSMigrate.Engine.Providers;

/// <summary>Finds the provider for a kind, or infers the kind from a connection string.</summary>
internal static class ProviderRegistry
{
    public static IMigrationProvider Get(ProviderKind kind) => kind switch
    {
        ProviderKind.Sqlite => new SqliteProvider(),
        ProviderKind.PostgreSql => new PostgreSqlProvider(),
        ProviderKind.SqlServer => new SqlServerProvider(),
        _ => throw new MigrationException(MigrationErrors.UnknownProvider, $"'{kind}' is not a provider.", kind),
    };

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
