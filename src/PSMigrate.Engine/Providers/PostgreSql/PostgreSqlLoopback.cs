using System.Data.Common;
using System.Net;
using Npgsql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// How a connection to a server on this machine negotiates encryption. Npgsql's defaults
/// (SSL Mode=Prefer, GSS Encryption Mode=Prefer) do a TLS handshake whenever the server offers
/// one and first try to set up Kerberos encryption (loading the system's GSSAPI libraries, about
/// 1.5 MiB, to find there are no credentials); on loopback the handshake was the largest part of
/// a deploy's first connection (about 95 ms of 255 measured, docs/benchmarks.md) while
/// protecting traffic that never leaves the machine. Where every host is loopback, whatever the
/// connection string and the environment (PGSSLMODE, PGGSSENCMODE) leave unsaid becomes: TLS
/// only when the server requires it (SSL Mode=Allow), no GSS encryption. Anything said is kept,
/// and Kerberos authentication is untouched.
/// </summary>
internal static class PostgreSqlLoopback
{
    public static NpgsqlConnection Connect(string connectionString) =>
        new(PlainFirst(connectionString, Environment.GetEnvironmentVariable("PGSSLMODE"), Environment.GetEnvironmentVariable("PGGSSENCMODE")));

    public static string PlainFirst(string connectionString, string? sslModeVariable, string? gssModeVariable)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var saysSsl = !string.IsNullOrEmpty(sslModeVariable) || Says(written, "sslmode");
        var saysGss = !string.IsNullOrEmpty(gssModeVariable) || Says(written, "gssencryptionmode");
        if (saysSsl && saysGss)
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Host) || !builder.Host.Split(',').All(IsLoopback))
        {
            return connectionString;
        }

        if (!saysSsl)
        {
            builder.SslMode = SslMode.Allow;
        }

        if (!saysGss)
        {
            builder.GssEncryptionMode = GssEncryptionMode.Disable;
        }

        return builder.ConnectionString;
    }

    // Npgsql takes 'SSL Mode', 'SslMode' and 'sslmode' alike (and so for GSS Encryption Mode).
    private static bool Says(DbConnectionStringBuilder written, string key) =>
        written.Keys.Cast<string>().Any(name => name.Replace(" ", string.Empty, StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));

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
