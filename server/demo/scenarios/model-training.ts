import type { RunKindSpec } from '../scenario-types.js';

/** A churn model retraining: dataset, epochs, evaluation, publication. */
export const modelTraining: RunKindSpec = {
  kind: 'model-training',
  titles: ['Retrain churn model ({variant})', 'Train fraud scorer {variant}', 'Hyper-parameter sweep #{int:10-99}'],
  words: {
    variant: ['xgb-depth8', 'lgbm-v3', 'mlp-256x3', 'baseline'],
    metric: ['auc', 'logloss', 'f1'],
    gpu: ['gpu0', 'gpu1'],
  },
  phases: [
    {
      key: 'prepare_dataset',
      label: 'Preparing the training set…',
      weight: 2,
      messages: ['{num:100000-2000000} rows sampled'],
      progressBar: 'Tokenising features',
      lines: [
        { text: 'Sampled {num:100000-2000000} rows ({float:0-1} positive rate)' },
        { text: 'Feature {b}tenure_months{/}: {int:0-3}% missing, imputed with median', level: 'debug' },
        { text: '{yellow}Dropped {int:1-12} constant features{/}', level: 'warn' },
      ],
    },
    {
      key: 'train_epochs',
      label: 'Training…',
      stepLabel: 'Train',
      weight: 6,
      messages: ['Epoch {int:1-30}/30, loss {float:0-1}'],
      lines: [
        {
          text: 'epoch {int:1-30} step {int:1-900} loss={rgb:120,200,255}{float:0-1}{/} lr={float:0-1}e-3',
          level: 'debug',
        },
        { text: 'epoch {int:1-30} {metric}={c:46}{float:0-1}{/} {dim}({gpu}, {int:60-99}% util){/}' },
        { text: '{yellow}gradient norm {float:10-90} clipped{/}', level: 'warn' },
        { text: '\u{1F4C8} checkpoint saved: ckpt-{int:1000-9999}.pt' },
      ],
    },
    {
      key: 'evaluate',
      weight: 2,
      messages: ['Scoring the hold-out set'],
      lines: [
        { text: 'hold-out {metric} = {b}{c:46}{float:0-1}{/}' },
        { text: 'calibration bucket {int:1-10}: predicted {float:0-1}, observed {float:0-1}', level: 'debug' },
      ],
    },
    {
      key: 'publish_model',
      label: 'Publishing the model…',
      stepLabel: 'Publish',
      weight: 1,
      messages: ['Pushing to the registry'],
      lines: [{ text: 'Registered model {b}churn/{variant}{/} version {int:10-99}' }],
    },
  ],
  failure: {
    phase: 1,
    message: 'CUDA out of memory while allocating 2.1 GiB on gpu1',
    code: 'CUDA_OOM',
    lines: [
      '{red}{b}torch.OutOfMemoryError{/}{red}: CUDA out of memory. Tried to allocate 2.10 GiB (GPU 1; 15.78 GiB total){/}',
      '  File "train.py", line 132, in train_epoch',
      '  File "model.py", line 57, in forward',
    ],
  },
  stall: {
    phase: 1,
    before: 'Waiting for a free GPU…',
    after: 'Got {gpu}; resuming training',
  },
  cancelLines: ['{yellow}Sweep cancelled by {variant} owner{/}', 'Saved last checkpoint before exit'],
};
