# Pipeline binding, views, and objects that export plainly.
BeforeAll {
    . $PSScriptRoot/PSMigrate.TestHelpers.ps1
}

Describe 'The pipeline' {
    BeforeAll {
        $project = New-TutorialProject
        $null = Invoke-MigrationUpgrade -Path $project.Path
    }

    AfterAll {
        Remove-TutorialProject $project
    }

    It 'reverts the current revision piped from the history' {
        $reverted = @(Get-MigrationHistory -Path $project.Path | Where-Object IsCurrent | Undo-Migration -Path $project.Path -Force)
        $reverted.Revision | Should -Be $project.Ids[4]
        Get-TestHeads $project.Database | Should -Be $project.Ids[3]
    }

    It 'upgrades to a revision piped from Get-MigrationRevision, the folder taken from its path' {
        $null = Get-MigrationRevision -Path $project.Path | Where-Object Revision -eq $project.Ids[4] | Invoke-MigrationUpgrade
        Get-TestHeads $project.Database | Should -Be $project.Ids[4]
    }

    It 'gives revision objects their graph shape' {
        $revisions = @(Get-MigrationRevision -Path $project.Path)
        $revisions[0].IsHead | Should -BeTrue
        $revisions[-1].IsBase | Should -BeTrue
        $revisions[0].Kind | Should -BeExactly 'Sql'
        $revisions[0].DownRevision -contains $project.Ids[3] | Should -BeTrue
    }

    It 'shows history as a table, not a list' -Tag 'Utility' {
        $text = Get-MigrationHistory -Path $project.Path | Out-String -Width 120
        $text | Should -Match 'AppliedAt \(UTC\)'
        $text | Should -Not -Match '(?m)^Revision\s+:'
    }

    It 'exports to CSV with plain values' -Tag 'Utility' {
        $rows = Get-MigrationHistory -Path $project.Path | ConvertTo-Csv | ConvertFrom-Csv
        $rows[0].DownRevision | Should -Be $project.Ids[3]
        $rows[0].State | Should -Be 'Applied'
        ($rows | ConvertTo-Csv) -join "`n" | Should -Not -Match 'System\.'
    }

    It 'serialises to JSON with enums as strings and durations in milliseconds' -Tag 'Utility' {
        $json = Get-MigrationHistory -Path $project.Path -Log | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json[0].Direction | Should -BeIn @('Upgrade', 'Downgrade')
        $json[0].DurationMs | Should -BeGreaterOrEqual 0
    }
}
