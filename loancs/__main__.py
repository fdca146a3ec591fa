from loancs.cli import main

main()
