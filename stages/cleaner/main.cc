#include "common/stage_runner.h"
#include "stages/cleaner/cleaner_stage.h"

int main(int argc, char** argv) {
  return ink::RunStageMain(argc, argv, ink::cleaner::Descriptor());
}
