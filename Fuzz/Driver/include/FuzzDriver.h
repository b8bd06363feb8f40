#ifndef SESAME_FUZZ_DRIVER_H
#define SESAME_FUZZ_DRIVER_H
/* SwiftPM names an executable's entry point <Target>_main and points the
   linker's main at it, so libFuzzer's own main is not the one that runs.
   Each target's entry calls this, which hands control to libFuzzer. */
int sesame_fuzz_run(int argc, char **argv);
#endif
