# The tutorial and the target forms, on SQLite.
BeforeAll {
    . $PSScriptRoot/PSMigrate.TestHelpers.ps1
}

Describe 'The tutorial' {
    BeforeAll {
        $project = New-TutorialProject
        $ids = $project.Ids
        $db = $project.Database
    }

    AfterAll {
        Remove-TutorialProject $project
    }

    It 'upgrades to head, one result per revision, with the data in place' {
        $results = @(Invoke-MigrationUpgrade -Path $project.Path)
        $results.Count | Should -Be 5
        $results[0].Direction | Should -BeExactly 'Upgrade'
        $results[-1].Revision | Should -Be $ids[4]
        Get-TestHeads $db | Should -Be $ids[4]
        @(Invoke-TestQuery $db 'SELECT name FROM employees ORDER BY id') | Should -Be @('Ada Lovelace', 'Grace Hopper')
    }

    It 'says so, and does nothing, when already at head' {
        $results = @(Invoke-MigrationUpgrade -Path $project.Path -InformationVariable info)
        $results.Count | Should -Be 0
        "$info" | Should -Match 'Nothing to do'
    }

    It 'shows the history newest first with the current revision marked' {
        $history = @(Get-MigrationHistory -Path $project.Path)
        $history.Count | Should -Be 5
        $history[0].Revision | Should -Be $ids[4]
        $history[0].IsCurrent | Should -BeTrue
        $history[0].State | Should -BeExactly 'Applied'
        @($history | Where-Object IsApplied).Count | Should -Be 5
    }

    It 'goes back to a revision and keeps it' {
        $reverted = @(Undo-Migration -Path $project.Path -Target $ids[2] -Force)
        $reverted.Revision | Should -Be @($ids[4], $ids[3])
        $reverted[0].Direction | Should -BeExactly 'Downgrade'
        Get-TestHeads $db | Should -Be $ids[2]
        Get-TestTables $db | Should -Be @('department', 'employees')
    }

    It 'moves by relative steps' {
        $null = Invoke-MigrationUpgrade -Path $project.Path -Target '+1'
        Get-TestHeads $db | Should -Be $ids[3]
        $null = Undo-Migration -Path $project.Path -Target '-2' -Force
        Get-TestHeads $db | Should -Be $ids[1]
    }

    It 'reverts everything with base and comes back up with the data' {
        $null = Undo-Migration -Path $project.Path -Target base -Force
        Get-TestTables $db | Should -BeNullOrEmpty
        $null = Invoke-MigrationUpgrade -Path $project.Path
        @(Invoke-TestQuery $db 'SELECT count(*) FROM employees') | Should -Be 2
    }

    It 'records the version without running anything with Set-MigrationVersion' {
        $change = Set-MigrationVersion -Path $project.Path -Target $ids[0] -Force
        $change.HeadsBefore | Should -Be $ids[4]
        $change.HeadsAfter | Should -Be $ids[0]
        Get-TestTables $db | Should -Contain 'departments'
        $null = Set-MigrationVersion -Path $project.Path -Target head -Force
    }
}
