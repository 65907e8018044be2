using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace PSMigrate.Module.Tests;

/// <summary>
/// A host that records what PowerShell writes to the console (where -WhatIf text goes) and
/// answers confirmation prompts from a queue, failing loudly if asked when nothing is queued.
/// By default it stands for pwsh on a pipeline agent (the console host, its input redirected as
/// under dotnet test): PSMigrate treats it as a session where nobody can be asked. Interactive,
/// it is a host with a UI of its own, as VS Code's is.
/// </summary>
public sealed class TestHost(bool interactive = false) : PSHost
{
    private readonly TestHostUserInterface ui = new();

    public override string Name => interactive ? "PSMigrateTestHost" : "ConsoleHost";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public List<string> Lines => ui.Lines;

    public Queue<int> Answers => ui.Answers;

    public List<string> Prompts => ui.Prompts;

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    /// <summary>A 120-column console, the width the default views are designed for.</summary>
    private sealed class ConsoleOf120Columns : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get; set; } = new(120, 3000);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; } = 1;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new(120, 50);
        public override Size MaxWindowSize => new(120, 50);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new(120, 50);
        public override string WindowTitle { get; set; } = "test";

        public override void FlushInputBuffer()
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }

    private sealed class TestHostUserInterface : PSHostUserInterface
    {
        public List<string> Lines { get; } = [];
        public Queue<int> Answers { get; } = new();
        public List<string> Prompts { get; } = [];

        public override PSHostRawUserInterface RawUI { get; } = new ConsoleOf120Columns();

        public override string ReadLine() => throw new InvalidOperationException("The test host cannot read input.");
        public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("The test host cannot read input.");
        public override void Write(string value) => Record(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Record(value);
        public override void WriteLine(string value) => Record(value);
        public override void WriteErrorLine(string value) => Record(value);
        public override void WriteDebugLine(string message) => Record("DEBUG: " + message);
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message) => Record("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Record("WARNING: " + message);

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new InvalidOperationException("The test host cannot prompt: " + message);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new InvalidOperationException("The test host cannot prompt for credentials.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new InvalidOperationException("The test host cannot prompt for credentials.");

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(message);
            if (Answers.Count == 0)
            {
                throw new InvalidOperationException("Unexpected prompt: " + message);
            }

            var label = Answers.Dequeue();
            return label;
        }

        // Table headers come with ANSI colour codes; what a person reads is the text.
        private void Record(string value)
        {
            lock (Lines)
            {
                Lines.Add(System.Text.RegularExpressions.Regex.Replace(value, "\u001b\\[[0-9;]*m", string.Empty));
            }
        }
    }
}
