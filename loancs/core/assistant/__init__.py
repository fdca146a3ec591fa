"""The self-service assistant (issue 11), pure: text folding, slots, hand-off rules, intents,
knowledge base, catalog, pre-screening, answer composition. Import the submodules you need;
``intents``/``kb``/``answer`` pull in scikit-learn, jieba and bm25s."""
