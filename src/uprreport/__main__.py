from uprreport.cli import main

main()
