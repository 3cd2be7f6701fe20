from actplot.cli import main

main()
