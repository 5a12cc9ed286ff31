"""``wslgo bench``: measure where files and the Go build cache should live on this machine.

The guide's central performance claim (GOCACHE on ``/mnt/c`` makes builds several times slower) is only
worth acting on once measured on the user's own machine, before and after ``wslgo setup``. Pure parts
(statistics, the report schema, comparisons, the module generator, the file plan) are separate from the
parts that touch the machine (the fs and build runners, the go binary resolver, machine facts).
"""
