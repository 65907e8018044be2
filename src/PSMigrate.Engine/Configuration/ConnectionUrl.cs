using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PSMigrate.Engine.Configuration;

/// <summary>
/// Database URLs as Alembic and SQLAlchemy users write them, turned into the driver's
/// 'Keyword=value' form: postgresql:// (or postgres://), sqlite:///relative.db,
/// sqlite:////absolute/path.db, mssql:// (or sqlserver://). The password is never part of a message.
/// </summary>
internal static partial class ConnectionUrl
{
    public const string Forms =
        "'Keyword=value;...' pairs of the driver (Data Source=app.db; Host=db;Database=app;Username=u; Server=db;Database=app;...), " +
        "or URLs: postgresql://user:password@host:5432/database?sslmode=require, sqlite:///relative/app.db, sqlite:////absolute/app.db, " +
        "mssql://user:password@host:1433/database?encrypt=true";

    private static readonly Dictionary<string, string> PostgresOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["search_path"] = "Search Path",
        ["keepalives_idle"] = "Keepalive",
    };

    private static readonly Dictionary<string, string> SqlServerOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["encrypt"] = "Encrypt",
        ["trustservercertificate"] = "TrustServerCertificate",
        ["applicationname"] = "Application Name",
        ["application_name"] = "Application Name",
        ["integratedsecurity"] = "Integrated Security",
        ["trusted_connection"] = "Integrated Security",
        ["connecttimeout"] = "Connect Timeout",
        ["multisubnetfailover"] = "MultiSubnetFailover",
        ["applicationintent"] = "ApplicationIntent",
        ["authentication"] = "Authentication",
    };

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"(?<=://[^:/@]*:)[^@]*(?=@)")]
    private static partial Regex PasswordPart();

    /// <summary>Whether the text looks like a URL ('scheme://...') rather than 'Keyword=value' pairs.</summary>
    public static bool IsUrl(string text) => text.Contains("://", StringComparison.Ordinal) && Scheme().IsMatch(text.Trim());

    /// <summary>The URL with its password replaced, safe for any message.</summary>
    public static string Redact(string url) => PasswordPart().Replace(url, "*****");

    /// <summary>The provider a URL's scheme names and the driver's connection string for it.</summary>
    public static (ProviderKind Kind, string ConnectionString) Convert(string url)
    {
        var text = url.Trim();
        var scheme = Scheme().Match(text).Groups["scheme"].Value.ToLowerInvariant();
        return scheme switch
        {
            "postgresql" or "postgres" => (ProviderKind.PostgreSql, Server(text, PostgresOptions, "Host", "Port", "Username", 5432, hostAndPort: false)),
            "mssql" or "sqlserver" => (ProviderKind.SqlServer, Server(text, SqlServerOptions, "Server", null, "User ID", 1433, hostAndPort: true)),
            "sqlite" => (ProviderKind.Sqlite, Sqlite(text)),
            _ => throw Invalid(text, $"the scheme '{scheme}://' is not one PSMigrate reads"),
        };
    }

    private static string Server(string text, Dictionary<string, string> options, string hostKey, string? portKey, string userKey, int defaultPort, bool hostAndPort)
    {
        Uri uri;
        try
        {
            uri = new Uri(text);
        }
        catch (UriFormatException)
        {
            throw Invalid(text, "it is not a well-formed URL");
        }

        var builder = new DbConnectionStringBuilder();
        if (string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid(text, "it names no host");
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? defaultPort : uri.Port;
        if (hostAndPort)
        {
            builder[hostKey] = port == defaultPort ? uri.Host : $"{uri.Host},{port}";
        }
        else
        {
            builder[hostKey] = uri.Host;
            builder[portKey!] = port.ToString(CultureInfo.InvariantCulture);
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder["Database"] = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder[userKey] = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder["Password"] = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!options.TryGetValue(name, out var keyword))
            {
                throw Invalid(text, $"the query parameter '{name}' is not one PSMigrate knows; known: {string.Join(", ", options.Keys.Order())}");
            }

            builder[keyword] = value;
        }

        return builder.ConnectionString;
    }

    /// <summary>sqlite:///relative.db (three slashes: relative) and sqlite:////absolute.db (four: absolute), as SQLAlchemy reads them.</summary>
    private static string Sqlite(string text)
    {
        var rest = text["sqlite://".Length..];
        var query = rest.IndexOf('?');
        if (query >= 0)
        {
            rest = rest[..query];
        }

        if (rest.Length == 0 || rest == "/" || rest == "/:memory:")
        {
            return "Data Source=:memory:";
        }

        if (!rest.StartsWith('/'))
        {
            throw Invalid(text, "a SQLite URL has no host: write sqlite:///relative.db or sqlite:////absolute/path.db");
        }

        var path = Uri.UnescapeDataString(rest[1..]);
        return new DbConnectionStringBuilder { ["Data Source"] = path }.ConnectionString;
    }

    private static MigrationException Invalid(string text, string problem) =>
        new(MigrationErrors.InvalidConnectionString, $"The connection URL {Redact(text)} cannot be used: {problem}. Connections can be given as {Forms}.", Redact(text));
}
