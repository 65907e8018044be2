using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PSMigrate.Bench.Peers;

/// <summary>Evolve: V&lt;n&gt;__name.sql files, a changelog table; it has no downgrade.</summary>
public static class EvolvePeer
{
    public static bool Run(string provider, string operation, string folder, string connectionString)
    {
        if (operation == "down")
        {
            return false;
        }

        using DbConnection connection = provider == "sqlite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        var evolve = new EvolveDb.Evolve(connection)
        {
            Locations = [folder],
            IsEraseDisabled = true,
            TransactionMode = EvolveDb.Configuration.TransactionKind.CommitEach,
        };
        if (operation == "history")
        {
            evolve.Info();
        }
        else
        {
            evolve.Migrate();
        }

        return true;
    }
}
