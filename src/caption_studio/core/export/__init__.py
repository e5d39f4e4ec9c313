"""What leaves the project for people: credit rows, credit list files, contact sheets."""
