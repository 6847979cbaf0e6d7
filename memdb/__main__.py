from memdb.cli import main

main()
