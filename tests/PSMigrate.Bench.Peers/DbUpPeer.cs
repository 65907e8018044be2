using DbUp;
using DbUp.Engine;

namespace PSMigrate.Bench.Peers;

/// <summary>DbUp: scripts from a folder, a journal table; it has no downgrade.</summary>
public static class DbUpPeer
{
    public static bool Run(string provider, string operation, string folder, string connectionString)
    {
        if (operation == "down")
        {
            return false;
        }

        var builder = provider == "sqlite"
            ? DeployChanges.To.SqliteDatabase(connectionString)
            : DeployChanges.To.PostgresqlDatabase(connectionString);
        var upgrader = builder.WithScriptsFromFileSystem(folder).WithTransactionPerScript().LogToNowhere().Build();
        if (operation == "history")
        {
            _ = upgrader.GetExecutedScripts().Count;
            return true;
        }

        var result = upgrader.PerformUpgrade();
        return result.Successful ? true : throw result.Error;
    }
}
