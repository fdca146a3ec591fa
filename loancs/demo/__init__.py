"""`loancs demo`: a seeded database, the server in-process, gentle traffic, the console."""
