using Npgsql;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Providers.PostgreSql;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// A connection to a server on this machine skips the TLS handshake unless the server requires
/// TLS or the user said how to use SSL; every other connection is made exactly as written.
/// </summary>
public sealed class PostgreSqlLoopbackTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=u;Database=d")]
    [InlineData("Host=localhost;Port=5433;Username=u")]
    [InlineData("Host=LOCALHOST:5433;Username=u")]
    [InlineData("Host=::1;Username=u")]
    [InlineData("Host=[::1]:5433;Username=u")]
    [InlineData("Host=127.0.0.2,localhost;Username=u")]
    public void ALoopbackHostTriesPlainFirst(string connectionString) =>
        Assert.Equal(SslMode.Allow, new NpgsqlConnectionStringBuilder(PostgreSqlLoopback.PlainFirst(connectionString, null)).SslMode);

    [Theory]
    [InlineData("Host=db.example;Username=u")]
    [InlineData("Host=10.0.0.5;Username=u")]
    [InlineData("Host=localhost,db.example;Username=u")]
    [InlineData("Host=/var/run/postgresql;Username=u")]
    [InlineData("Host=127.0.0.1;SSL Mode=Require;Username=u")]
    [InlineData("Host=127.0.0.1;SslMode=Prefer;Username=u")]
    [InlineData("Host=localhost;sslmode=disable;Username=u")]
    public void AnythingElseIsLeftAsWritten(string connectionString) =>
        Assert.Equal(connectionString, PostgreSqlLoopback.PlainFirst(connectionString, null));

    [Fact]
    public void PgSslModeInTheEnvironmentIsTheUsersSay() =>
        Assert.Equal("Host=127.0.0.1;Username=u", PostgreSqlLoopback.PlainFirst("Host=127.0.0.1;Username=u", "require"));

    [PostgresFact]
    public void TheServerSeesNoTlsOnLoopbackUnlessTheConnectionStringAsksForIt()
    {
        using var database = new PostgresDatabase();
        var host = new NpgsqlConnectionStringBuilder(database.ConnectionString).Host!;
        Assert.True(host.Split(',').All(h => h is "localhost" or "127.0.0.1" or "::1"), $"the test server {host} is not on loopback");
        var provider = ProviderRegistry.Get(ProviderKind.PostgreSql);

        using (var plain = provider.Open(database.ConnectionString))
        {
            Assert.False(UsesTls(plain));
            if (Scalar(plain, "SHOW ssl") is not "on")
            {
                return;
            }
        }

        using var asked = provider.Open(database.ConnectionString + ";SSL Mode=Require");
        Assert.True(UsesTls(asked));
    }

    private static bool UsesTls(System.Data.Common.DbConnection connection) =>
        Scalar(connection, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "true";

    private static string? Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
