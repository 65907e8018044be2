using Npgsql;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Providers.PostgreSql;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// A connection to a server on this machine skips the TLS handshake unless the server requires
/// TLS or the user said how to use SSL, and does not try GSS encryption unless the user said how
/// to use it; every other connection is made exactly as written.
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
    public void ALoopbackHostTriesPlainFirst(string connectionString)
    {
        var made = new NpgsqlConnectionStringBuilder(PostgreSqlLoopback.PlainFirst(connectionString, null, null));
        Assert.Equal(SslMode.Allow, made.SslMode);
        Assert.Equal(GssEncryptionMode.Disable, made.GssEncryptionMode);
    }

    [Theory]
    [InlineData("Host=db.example;Username=u")]
    [InlineData("Host=10.0.0.5;Username=u")]
    [InlineData("Host=localhost,db.example;Username=u")]
    [InlineData("Host=/var/run/postgresql;Username=u")]
    [InlineData("Host=127.0.0.1;SSL Mode=Require;GSS Encryption Mode=Prefer;Username=u")]
    [InlineData("Host=127.0.0.1;SslMode=Prefer;gssencryptionmode=Require;Username=u")]
    [InlineData("Host=localhost;sslmode=disable;GssEncryptionMode=Disable;Username=u")]
    public void AnythingElseIsLeftAsWritten(string connectionString) =>
        Assert.Equal(connectionString, PostgreSqlLoopback.PlainFirst(connectionString, null, null));

    [Theory]
    [InlineData("Host=127.0.0.1;SSL Mode=Require;Username=u", SslMode.Require, GssEncryptionMode.Disable)]
    [InlineData("Host=localhost;sslmode=prefer;Username=u", SslMode.Prefer, GssEncryptionMode.Disable)]
    [InlineData("Host=127.0.0.1;GSS Encryption Mode=Require;Username=u", SslMode.Allow, GssEncryptionMode.Require)]
    [InlineData("Host=::1;gssencryptionmode=prefer;Username=u", SslMode.Allow, GssEncryptionMode.Prefer)]
    public void WhatTheConnectionStringSaysIsKeptAndOnlyTheRestIsChosen(string connectionString, SslMode ssl, GssEncryptionMode gss)
    {
        var made = new NpgsqlConnectionStringBuilder(PostgreSqlLoopback.PlainFirst(connectionString, null, null));
        Assert.Equal(ssl, made.SslMode);
        Assert.Equal(gss, made.GssEncryptionMode);
    }

    [Fact]
    public void PgSslModeAndPgGssEncModeInTheEnvironmentAreTheUsersSay()
    {
        Assert.Equal("Host=127.0.0.1;Username=u", PostgreSqlLoopback.PlainFirst("Host=127.0.0.1;Username=u", "require", "prefer"));

        var sslSaid = new NpgsqlConnectionStringBuilder(PostgreSqlLoopback.PlainFirst("Host=127.0.0.1;Username=u", "require", null));
        Assert.Equal((SslMode.Prefer, GssEncryptionMode.Disable), (sslSaid.SslMode, sslSaid.GssEncryptionMode));

        var gssSaid = new NpgsqlConnectionStringBuilder(PostgreSqlLoopback.PlainFirst("Host=127.0.0.1;Username=u", null, "prefer"));
        Assert.Equal((SslMode.Allow, GssEncryptionMode.Prefer), (gssSaid.SslMode, gssSaid.GssEncryptionMode));
    }

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
