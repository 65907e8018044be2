using Npgsql;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// What each revision costs on the wire: its statements and its version and history rows go
/// to PostgreSQL in one batch, the commit in one more. Counted through a relay that sees every
/// client send, the difference between a longer and a shorter plan.
/// </summary>
public sealed class RoundTripTests
{
    private static int Turns(int revisions, TransactionScope scope)
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        for (var i = 1; i <= revisions; i++)
        {
            folder.Add($"r{i}", i == 1 ? null : $"r{i - 1}", $"CREATE TABLE t{i} (id int PRIMARY KEY, name text);\nCREATE INDEX ix_t{i} ON t{i} (name);", $"DROP TABLE t{i};");
        }

        var direct = new NpgsqlConnectionStringBuilder(folder.ConnectionString);
        using var relay = new TcpTurnCounter(direct.Host!, direct.Port);
        var relayed = new NpgsqlConnectionStringBuilder(folder.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, SslMode = SslMode.Disable };
        var database = DatabaseTargetResolver.Resolve(folder.Settings, folder.Directory, folder.Directory, relayed.ConnectionString, null, ProviderKind.PostgreSql);
        var results = new Migrator(folder.Graph(), database) { TransactionScope = scope }.Run(MigrationDirection.Upgrade, "head");
        Assert.Equal(revisions, results.Count);
        Assert.Equal([$"r{revisions}"], folder.Heads());
        return relay.Turns;
    }

    [PostgresFact]
    public void ARevisionOfTwoStatementsCostsTwoRoundTrips()
    {
        var perRevision = (Turns(7, TransactionScope.Revision) - Turns(2, TransactionScope.Revision)) / 5.0;
        Assert.True(perRevision <= 2, $"{perRevision} round trips per revision");
    }

    [PostgresFact]
    public void InOneTransactionEachRevisionCostsTwoAndTheRunOneCommit()
    {
        var perRevision = (Turns(7, TransactionScope.Run) - Turns(2, TransactionScope.Run)) / 5.0;
        Assert.True(perRevision <= 2, $"{perRevision} round trips per revision");
    }
}
