using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace PSMigrate.Commands;

/// <summary>
/// Sends the one assembly the cmdlets call, PSMigrate.Engine, to PSMigrate's own load context,
/// which then loads the engine's dependencies (SQLite, Npgsql, SqlClient and theirs) from
/// dependencies/. Other modules' versions of those libraries in the default context are never
/// touched, and ours never replace theirs.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssembly = "PSMigrate.Engine";

    // The context exists from import on, so tools and tests can find it by name before first use.
    public void OnImport()
    {
        _ = DependencyLoadContext.Instance;
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
    }

    public void OnRemove(PSModuleInfo module) => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineAssembly ? DependencyLoadContext.Instance.LoadFromAssemblyName(name) : null;
}
