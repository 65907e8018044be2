using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: PSMigrate.Bench.Host [--import <manifest>] [--script <text>]
// Opens a runspace as pwsh does, optionally imports the module and runs a script, then prints
// one line: host_ms import_ms script_ms peak_mb allocated_mb (milliseconds since the process started).
var started = Process.GetCurrentProcess().StartTime;
string? manifest = null;
string? script = null;
for (var i = 0; i < args.Length - 1; i += 2)
{
    if (args[i] == "--import")
    {
        manifest = args[i + 1];
    }
    else if (args[i] == "--script")
    {
        script = args[i + 1];
    }
}

double Since() => (DateTime.Now - started).TotalMilliseconds;
using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
var host = Since();
using var shell = PowerShell.Create();
shell.Runspace = runspace;
if (manifest is not null)
{
    shell.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop").Invoke();
    shell.Commands.Clear();
}

var imported = Since();
var failed = false;
if (script is not null)
{
    shell.AddScript(script);
    try
    {
        shell.Invoke();
    }
    catch (RuntimeException error)
    {
        Console.Error.WriteLine(error.ErrorRecord.ToString());
        failed = true;
    }

    foreach (var error in shell.Streams.Error)
    {
        Console.Error.WriteLine(error.ToString());
        failed = true;
    }
}

var done = Since();
var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{host:F1} {imported - host:F1} {done - imported:F1} {peak:F1} {GC.GetTotalAllocatedBytes() / 1048576.0:F1}"));
return failed ? 1 : 0;
