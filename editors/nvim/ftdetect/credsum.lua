-- `.http` and `.rest` request files have the filetype `http` (credsum analyses both).
require('credsum').filetype_detect()
