#include "common/stage_runner.h"
#include "stages/store/store_stage.h"

int main(int argc, char** argv) {
  return ink::RunStageMain(argc, argv, ink::store::Descriptor());
}
