namespace PSMigrate.Commands;

/// <summary>How a run may ask about a step that destroys data.</summary>
/// <param name="CanAsk">Someone can answer a question in this session.</param>
/// <param name="PromptsAnyway">ShouldProcess itself prompts for each step (Undo-Migration's high impact, -Confirm), so its question names the data.</param>
/// <param name="Declined">-Confirm:$false: the user said not to ask.</param>
internal sealed record DataLossQuestion(bool CanAsk, bool PromptsAnyway, bool Declined);
