#include "common/stage_runner.h"
#include "stages/segmenter/segmenter_stage.h"

int main(int argc, char** argv) {
  return ink::RunStageMain(argc, argv, ink::segmenter::Descriptor());
}
