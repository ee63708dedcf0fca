"""The challenge pages, in three modules: `challenges` (the list, a challenge's page, posting),
`posts` (edit, history, withdraw and restore, one view each for the three kinds of post, and
a solution's votes and acceptance) and `comments` (the comment threads)."""
