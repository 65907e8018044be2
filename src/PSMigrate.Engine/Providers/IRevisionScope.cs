using System.Data.Common;

namespace PSMigrate.Engine.Providers;

/// <summary>What a provider set up for a PowerShell revision; checked before commit, undone on dispose.</summary>
public interface IRevisionScope : IDisposable
{
    void BeforeCommit(DbTransaction? transaction);
}

/// <summary>For providers that need nothing around schema changes.</summary>
public sealed class NoRevisionScope : IRevisionScope
{
    public static NoRevisionScope Instance { get; } = new();

    public void BeforeCommit(DbTransaction? transaction)
    {
    }

    public void Dispose()
    {
    }
}
