using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>
/// Runs a '.ps1' revision's Upgrade or Downgrade function in its own scope of the calling
/// runspace, with $Migration set and errors stopping it; a failure becomes an engine error that
/// names the revision, the file and the line of the .ps1. A database that runs beside others has
/// no calling runspace on its thread: its runner opens one of its own (this module imported) the
/// first time a .ps1 revision runs, so revisions of different databases never share variables.
/// </summary>
internal sealed partial class PowerShellRevisionRunner(bool ownRunspace = false) : IRevisionRunner, IDisposable
{
    private Runspace? runspace;

    private const string Launcher = """
        param($RevisionScript, $RevisionFunction, $Migration)
        $ErrorActionPreference = 'Stop'
        . $RevisionScript
        $null = & $RevisionFunction
        """;

    [GeneratedRegex(@"line (?<line>\d+)")]
    private static partial Regex LineNumber();

    public void Run(MigrationRevision revision, MigrationDirection direction, SchemaOperations operations)
    {
        var script = Parse(revision);
        var context = new MigrationRevisionContext(operations);
        var previous = RunningRevision.Current;
        RunningRevision.Current = new RunningRevision(operations, context);
        try
        {
            using var shell = Shell();
            shell.AddScript(Launcher, useLocalScope: true)
                .AddArgument(script)
                .AddArgument(direction == MigrationDirection.Upgrade ? "Upgrade" : "Downgrade")
                .AddArgument(context);
            shell.Invoke();
            if (shell.Streams.Error.Count > 0)
            {
                throw Failure(revision, direction, shell.Streams.Error[0]);
            }
        }
        catch (RuntimeException error) when (error.ErrorRecord is not null)
        {
            throw Failure(revision, direction, error.ErrorRecord);
        }
        finally
        {
            RunningRevision.Current = previous;
        }
    }

    /// <summary>Read from the file's syntax tree, without running it: the function is missing or holds no statement.</summary>
    public bool IsEmpty(MigrationRevision revision, MigrationDirection direction)
    {
        var ast = Parser.ParseFile(revision.Path, out _, out var errors);
        var name = direction == MigrationDirection.Upgrade ? "Upgrade" : "Downgrade";
        return errors.Length == 0 &&
               ast.Find(a => a is FunctionDefinitionAst f && f.Name.Equals(name, StringComparison.OrdinalIgnoreCase), searchNestedScriptBlocks: false) is FunctionDefinitionAst function &&
               function.Body.BeginBlock is null && function.Body.ProcessBlock is null && function.Body.DynamicParamBlock is null &&
               (function.Body.EndBlock is null || function.Body.EndBlock.Statements.Count == 0);
    }

    public void Dispose() => runspace?.Dispose();

    private PowerShell Shell()
    {
        if (!ownRunspace)
        {
            return PowerShell.Create(RunspaceMode.CurrentRunspace);
        }

        if (runspace is null)
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule([Path.Combine(Path.GetDirectoryName(typeof(PowerShellRevisionRunner).Assembly.Location)!, "PSMigrate.psd1")]);
            runspace = RunspaceFactory.CreateRunspace(state);

            // The operation cmdlets find their revision through a thread-static, so the revision's
            // pipeline must run on this thread.
            runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
            runspace.Open();
        }

        var shell = PowerShell.Create();
        shell.Runspace = runspace;
        return shell;
    }

    private static ScriptBlock Parse(MigrationRevision revision)
    {
        var ast = Parser.ParseFile(revision.Path, out _, out var errors);
        if (errors.Length > 0)
        {
            throw new MigrationException(MigrationErrors.RevisionParseError,
                $"{revision.Path}:{errors[0].Extent.StartLineNumber}: revision {revision.Revision} does not parse: {errors[0].Message}", revision.Path)
            {
                FilePath = revision.Path,
                Line = errors[0].Extent.StartLineNumber,
                Revision = revision.Revision,
            };
        }

        return ast.GetScriptBlock();
    }

    /// <summary>
    /// An engine error raised inside the revision (by an operation) keeps its own id; anything
    /// else (a throw, a failing command) is RevisionFailed. Either names the line of the .ps1.
    /// </summary>
    private static MigrationException Failure(MigrationRevision revision, MigrationDirection direction, ErrorRecord record)
    {
        var line = LineIn(revision.Path, record);
        if (Unwrap(record.Exception) is MigrationException migration)
        {
            return migration.WithContext(revision: revision.Revision, filePath: revision.Path, line: line);
        }

        var where = line is null ? revision.Path : $"{revision.Path}:{line}";
        return new MigrationException(MigrationErrors.RevisionFailed,
            $"{direction} of revision {revision.Revision} ('{revision.Message}') failed at {where}: {record.Exception.Message}", revision.Path, record.Exception)
        {
            FilePath = revision.Path,
            Line = line,
            Revision = revision.Revision,
        };
    }

    private static Exception Unwrap(Exception error) =>
        error is RuntimeException { InnerException: { } inner } && error is not MigrationException && inner is MigrationException ? inner : error;

    /// <summary>The line of the revision file where the error happened: its own position, else the nearest frame in that file.</summary>
    private static int? LineIn(string path, ErrorRecord record)
    {
        if (record.InvocationInfo is { } invocation && string.Equals(invocation.ScriptName, path, StringComparison.Ordinal) && invocation.ScriptLineNumber > 0)
        {
            return invocation.ScriptLineNumber;
        }

        foreach (var frame in (record.ScriptStackTrace ?? string.Empty).Split('\n'))
        {
            if (frame.Contains(path, StringComparison.Ordinal) && LineNumber().Match(frame) is { Success: true } match)
            {
                return int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
