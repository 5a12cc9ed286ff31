module example.com/hello

go 1.26

require git.corp.example/platform/auth v1.4.0
