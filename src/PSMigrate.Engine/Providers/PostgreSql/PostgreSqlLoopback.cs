using System.Data.Common;
using System.Net;
using Npgsql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// How a connection to a server on this machine negotiates TLS. Npgsql's default (Prefer) does a
/// TLS handshake whenever the server offers one, and on loopback that handshake was the largest
/// part of a deploy's first connection (about 95 ms of 255 measured, docs/benchmarks.md) while
/// protecting traffic that never leaves the machine. Where neither the connection string nor
/// PGSSLMODE says how to use SSL, and every host is loopback, the connection tries plain first
/// and still uses TLS when the server requires it (SSL Mode=Allow). Anything said is kept.
/// </summary>
internal static class PostgreSqlLoopback
{
    public static NpgsqlConnection Connect(string connectionString) =>
        new(PlainFirst(connectionString, Environment.GetEnvironmentVariable("PGSSLMODE")));

    public static string PlainFirst(string connectionString, string? sslModeVariable)
    {
        if (!string.IsNullOrEmpty(sslModeVariable) || SaysHowToUseSsl(connectionString))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Host) || !builder.Host.Split(',').All(IsLoopback))
        {
            return connectionString;
        }

        builder.SslMode = SslMode.Allow;
        return builder.ConnectionString;
    }

    // Npgsql takes 'SSL Mode', 'SslMode' and 'sslmode' alike.
    private static bool SaysHowToUseSsl(string connectionString)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return written.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("sslmode", StringComparison.OrdinalIgnoreCase));
    }

    // 'localhost', '127.0.0.1', '::1', '[::1]:5433', 'localhost:5433'; a socket path stays as written (no TLS there).
    private static bool IsLoopback(string host)
    {
        var name = host.Trim();
        if (name.StartsWith('['))
        {
            name = name[1..Math.Max(1, name.IndexOf(']', StringComparison.Ordinal))];
        }
        else if (name.Count(c => c == ':') == 1)
        {
            name = name[..name.IndexOf(':', StringComparison.Ordinal)];
        }

        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
               (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}
