<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name />
        <message>
            <source>{n} photos imported</source>
            <translation>已导入 {n} 张照片</translation>
        </message>
        <message>
            <source>{n} updated</source>
            <translation>更新 {n} 张</translation>
        </message>
        <message>
            <source>{n} already in the project</source>
            <translation>{n} 张已在项目中</translation>
        </message>
        <message>
            <source>{n} found at a new place</source>
            <translation>{n} 张在新位置找到</translation>
        </message>
        <message>
            <source>{n} duplicates</source>
            <translation>{n} 张重复</translation>
        </message>
        <message>
            <source>{n} skipped</source>
            <translation>跳过 {n} 张</translation>
        </message>
        <message>
            <source>Import cancelled: {what}</source>
            <translation>导入已取消：{what}</translation>
        </message>
        <message>
            <source>PhotoModel</source>
            <comment>The file is missing</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PhotoModel</source>
            <comment>{field} is longer than IPTC allows ({n}/{max} bytes)</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fields</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PhotoModel</source>
            <comment>Date taken {date} differs from the camera's date {camera}</comment>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Actions</name>
        <message>
            <source>Publish to &amp;Archive…</source>
            <translation>发布到图片库(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Photo</source>
            <translation>照片(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Window</source>
            <translation>窗口(&amp;W)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;New Project…</source>
            <translation>新建项目(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>打开(&amp;O)…</translation>
        </message>
        <message>
            <source>Open &amp;Recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <source>Import &amp;Photos…</source>
            <translation>导入照片(&amp;P)…</translation>
        </message>
        <message>
            <source>Import &amp;Folder…</source>
            <translation>导入文件夹(&amp;F)…</translation>
        </message>
        <message>
            <source>Import &amp;Article…</source>
            <translation>导入稿件(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Close Project</source>
            <translation>关闭项目(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <source>Select &amp;All</source>
            <translation>全选(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Find…</source>
            <translation>查找(&amp;F)…</translation>
        </message>
        <message>
            <source>Show All Photos</source>
            <translation>显示全部照片</translation>
        </message>
        <message>
            <source>&amp;Remove from Project…</source>
            <translation>从项目中移除(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Preview</source>
            <translation>预览(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Approve and Next</source>
            <translation>批准并转到下一张(&amp;A)</translation>
        </message>
        <message>
            <source>Mark as &amp;Needs Review</source>
            <translation>标为待审核(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Edit Caption</source>
            <translation>编辑图片说明(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Rating</source>
            <translation>评级(&amp;R)</translation>
        </message>
        <message>
            <source>No rating</source>
            <translation>无评级</translation>
        </message>
        <message>
            <source>Next Photo</source>
            <translation>下一张照片</translation>
        </message>
        <message>
            <source>Previous Photo</source>
            <translation>上一张照片</translation>
        </message>
        <message>
            <source>&amp;Grid</source>
            <translation>网格(&amp;G)</translation>
        </message>
        <message>
            <source>&amp;List</source>
            <translation>列表(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Larger Thumbnails</source>
            <translation>放大缩略图(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Smaller Thumbnails</source>
            <translation>缩小缩略图(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Sort By</source>
            <translation>排序方式(&amp;S)</translation>
        </message>
        <message>
            <source>File Name</source>
            <translation>文件名</translation>
        </message>
        <message>
            <source>Capture Time</source>
            <translation>拍摄时间</translation>
        </message>
        <message>
            <source>Photographer</source>
            <translation>摄影</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>&amp;About Caption Studio</source>
            <translation>关于 Caption Studio(&amp;A)</translation>
        </message>
    </context>
    <context>
        <name>ArticleFeatures</name>
        <message>
            <source>Article</source>
            <translation>稿件</translation>
        </message>
        <message>
            <source>Pairing</source>
            <translation>配对</translation>
        </message>
        <message>
            <source>Keywords</source>
            <translation>关键词</translation>
        </message>
        <message>
            <source>P&amp;airing</source>
            <translation>配对(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Auto-pair</source>
            <translation>自动配对(&amp;A)</translation>
        </message>
        <message>
            <source>Confirm All &amp;Sure Pairs</source>
            <translation>确认全部可靠配对(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Unpair Selected</source>
            <translation>解除所选配对(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Why This Pair?</source>
            <translation>为何这样配对(&amp;W)？</translation>
        </message>
        <message>
            <source>&amp;Paste Article</source>
            <translation>粘贴稿件(&amp;P)</translation>
        </message>
        <message>
            <source>Show &amp;Pairing View</source>
            <translation>显示配对视图(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Tools</source>
            <translation>工具(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Roster…</source>
            <translation>人员名录(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Templates…</source>
            <translation>模板(&amp;T)…</translation>
        </message>
        <message>
            <source>&amp;Code Replacements…</source>
            <translation>代码替换(&amp;C)…</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>界面语言(&amp;L)</translation>
        </message>
        <message>
            <source>System Language</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>界面语言</translation>
        </message>
        <message>
            <source>The new language is used the next time Caption Studio starts.</source>
            <translation>新的界面语言将在下次启动 Caption Studio 时生效。</translation>
        </message>
    </context>
    <context>
        <name>ArticlePane</name>
        <message>
            <source>Import…</source>
            <translation>导入…</translation>
        </message>
        <message>
            <source>Import an article file</source>
            <translation>从文件导入稿件</translation>
        </message>
        <message>
            <source>Paste</source>
            <translation>粘贴</translation>
        </message>
        <message>
            <source>Import the article text on the clipboard</source>
            <translation>导入剪贴板中的稿件文本</translation>
        </message>
        <message>
            <source>Mark as caption</source>
            <translation>标为图片说明</translation>
        </message>
        <message>
            <source>Make the selected text a caption</source>
            <translation>将选中的文字标为图片说明</translation>
        </message>
        <message>
            <source>Not a caption</source>
            <translation>不是图片说明</translation>
        </message>
        <message>
            <source>Dismiss the current caption, or restore it</source>
            <translation>排除当前图片说明，或将其恢复</translation>
        </message>
        <message>
            <source>Drop an article here, paste it, or import a file.</source>
            <translation>把稿件拖到这里、粘贴，或从文件导入。</translation>
        </message>
        <message>
            <source>Article {n}</source>
            <translation>稿件 {n}</translation>
        </message>
        <message>
            <source>Restore caption</source>
            <translation>恢复图片说明</translation>
        </message>
        <message>
            <source>Import Article</source>
            <translation>导入稿件</translation>
        </message>
        <message>
            <source>Articles (*.txt *.docx *.html *.htm *.md *.pdf);;All files (*)</source>
            <translation>稿件 (*.txt *.docx *.html *.htm *.md *.pdf);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Import article {name}</source>
            <translation>导入稿件 {name}</translation>
        </message>
        <message>
            <source>The clipboard holds no text.</source>
            <translation>剪贴板中没有文本。</translation>
        </message>
        <message>
            <source>Paste article</source>
            <translation>粘贴稿件</translation>
        </message>
        <message>
            <source>Select the caption's text first.</source>
            <translation>请先选中图片说明的文字。</translation>
        </message>
        <message>
            <source>Mark caption</source>
            <translation>标记图片说明</translation>
        </message>
        <message>
            <source>Dismiss caption</source>
            <translation>排除图片说明</translation>
        </message>
        <message>
            <source>Drop article text</source>
            <translation>拖入稿件文本</translation>
        </message>
    </context>
    <context>
        <name>CaptionForm</name>
        <message>
            <source>Confirm (Enter)</source>
            <translation>确认（回车）</translation>
        </message>
        <message>
            <source>Runner-up (Alt+↓)</source>
            <translation>次选（Alt+↓）</translation>
        </message>
        <message>
            <source>Proposed for {file}: not sure yet</source>
            <translation>建议配给 {file}：尚未确定</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>年-月-日</translation>
        </message>
        <message>
            <source>names separated by 、 or ;</source>
            <translation>多个名字用 、 或 ; 分隔</translation>
        </message>
        <message>
            <source>Apply correction</source>
            <translation>应用更正</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>位置</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Credit</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Photographers</source>
            <translation>摄影</translation>
        </message>
        <message>
            <source>Click a highlighted caption to correct it.</source>
            <translation>点击高亮的图片说明即可更正。</translation>
        </message>
        <message>
            <source>marked by hand</source>
            <translation>手工标记</translation>
        </message>
        <message>
            <source>found</source>
            <translation>自动识别</translation>
        </message>
        <message>
            <source>, dismissed</source>
            <translation>，已排除</translation>
        </message>
        <message>
            <source>Caption {n} ({origin}{state})</source>
            <translation>第 {n} 条图片说明（{origin}{state}）</translation>
        </message>
        <message>
            <source>Correct caption</source>
            <translation>更正图片说明</translation>
        </message>
    </context>
    <context>
        <name>ChipsEdit</name>
        <message>
            <source>Add…</source>
            <translation>添加…</translation>
        </message>
        <message>
            <source>Remove “{text}”</source>
            <translation>移除“{text}”</translation>
        </message>
        <message>
            <source>(multiple values) add…</source>
            <translation>（多个值）添加…</translation>
        </message>
    </context>
    <context>
        <name>ContactSheet</name>
        <message>
            <source>File name</source>
            <translation>文件名</translation>
        </message>
        <message>
            <source>Capture time</source>
            <translation>拍摄时间</translation>
        </message>
        <message>
            <source>Photographer</source>
            <translation>摄影</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>List</source>
            <translation>列表</translation>
        </message>
        <message>
            <source>Thumbnail size</source>
            <translation>缩略图大小</translation>
        </message>
        <message>
            <source>Sort by</source>
            <translation>排序</translation>
        </message>
        <message>
            <source>1 photo</source>
            <translation>1 张照片</translation>
        </message>
        <message>
            <source>{n} photos</source>
            <translation>{n} 张照片</translation>
        </message>
    </context>
    <context>
        <name>ContactSheetExport</name>
        <message>
            <source>Save Contact Sheet</source>
            <translation>保存小样</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Making the contact sheet…</source>
            <translation>正在生成小样…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Contact Sheet</source>
            <translation>小样</translation>
        </message>
        <message>
            <source>Making the contact sheet… {name}</source>
            <translation>正在生成小样… {name}</translation>
        </message>
        <message>
            <source>The contact sheet could not be made: {error}</source>
            <translation>无法生成小样：{error}</translation>
        </message>
    </context>
    <context>
        <name>Controller</name>
        <message>
            <source>Edit {fields}</source>
            <translation>编辑{fields}</translation>
        </message>
        <message>
            <source>No project is open</source>
            <translation>没有打开的项目</translation>
        </message>
        <message>
            <source>{name} is open read-only; nothing can be changed</source>
            <translation>{name} 以只读方式打开，无法修改</translation>
        </message>
    </context>
    <context>
        <name>CreditRowsModel</name>
        <message>
            <source>Article</source>
            <translation>稿件</translation>
        </message>
        <message>
            <source>Headline</source>
            <translation>标题</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Page</source>
            <translation>版面</translation>
        </message>
        <message>
            <source>Edition</source>
            <translation>版次</translation>
        </message>
        <message>
            <source>Caption no.</source>
            <translation>图片说明序号</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Photographer</source>
            <translation>摄影</translation>
        </message>
        <message>
            <source>Photographer (Latin)</source>
            <translation>摄影（拼音）</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>职务</translation>
        </message>
        <message>
            <source>Agency</source>
            <translation>供稿机构</translation>
        </message>
        <message>
            <source>Credit line</source>
            <translation>署名</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Staff/freelance/agency</source>
            <translation>本报/自由/供稿机构</translation>
        </message>
        <message>
            <source>Date taken</source>
            <translation>拍摄日期</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Pairing</source>
            <translation>配对</translation>
        </message>
        <message>
            <source>Photo ID</source>
            <translation>照片编号</translation>
        </message>
    </context>
    <context>
        <name>CreditsDialog</name>
        <message>
            <source>Export Credits</source>
            <translation>导出署名清单</translation>
        </message>
        <message>
            <source>All articles</source>
            <translation>全部稿件</translation>
        </message>
        <message>
            <source>Article {id}</source>
            <translation>稿件 {id}</translation>
        </message>
        <message>
            <source>Any status</source>
            <translation>任意状态</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新导入</translation>
        </message>
        <message>
            <source>Needs review</source>
            <translation>待审核</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>CSV (Excel, WPS)</source>
            <translation>CSV（Excel、WPS）</translation>
        </message>
        <message>
            <source>Excel workbook</source>
            <translation>Excel 工作簿</translation>
        </message>
        <message>
            <source>JSON</source>
            <translation>JSON</translation>
        </message>
        <message>
            <source>Markdown table</source>
            <translation>Markdown 表格</translation>
        </message>
        <message>
            <source>Printable credit lines (text)</source>
            <translation>可刊印的署名行（文本）</translation>
        </message>
        <message>
            <source>Article:</source>
            <translation>稿件：</translation>
        </message>
        <message>
            <source>From:</source>
            <translation>起：</translation>
        </message>
        <message>
            <source>To:</source>
            <translation>止：</translation>
        </message>
        <message>
            <source>Status:</source>
            <translation>状态：</translation>
        </message>
        <message>
            <source>Format:</source>
            <translation>格式：</translation>
        </message>
        <message>
            <source>The printable credit line appears here.</source>
            <translation>可刊印的署名行显示在这里。</translation>
        </message>
        <message>
            <source>Save…</source>
            <translation>保存…</translation>
        </message>
        <message>
            <source>Photos: {photos} · photographers: {people} · agencies: {agencies}</source>
            <translation>照片：{photos} · 摄影记者：{people} · 供稿机构：{agencies}</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>JSON files (*.json)</source>
            <translation>JSON 文件 (*.json)</translation>
        </message>
        <message>
            <source>Markdown files (*.md)</source>
            <translation>Markdown 文件 (*.md)</translation>
        </message>
        <message>
            <source>Text files (*.txt)</source>
            <translation>文本文件 (*.txt)</translation>
        </message>
        <message>
            <source>Save Credits</source>
            <translation>保存署名清单</translation>
        </message>
        <message>
            <source>The credits could not be saved: {error}</source>
            <translation>无法保存署名清单：{error}</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <source>There is not enough memory for this; close other programs and try again.</source>
            <translation>内存不足；请关闭其他程序后重试。</translation>
        </message>
        <message>
            <source>The project file cannot be written (read-only file or folder).</source>
            <translation>无法写入项目文件（文件或文件夹为只读）。</translation>
        </message>
        <message>
            <source>Something went wrong that Caption Studio did not expect ({kind}: {why}). Your edits so far are saved. Details are in {log}.</source>
            <translation>Caption Studio 遇到了意外错误（{kind}：{why}）。此前的修改都已保存。详细信息见 {log}。</translation>
        </message>
        <message>
            <source>Caption Studio</source>
            <translation>Caption Studio</translation>
        </message>
        <message>
            <source>The file {name} is missing: it was moved, renamed or deleted.</source>
            <translation>找不到文件 {name}：它已被移动、改名或删除。</translation>
        </message>
        <message>
            <source>Caption Studio is not allowed to use {name} (permission denied).</source>
            <translation>Caption Studio 无权使用 {name}（权限被拒绝）。</translation>
        </message>
        <message>
            <source>A file could not be read or written: {why}</source>
            <translation>文件无法读取或写入：{why}</translation>
        </message>
        <message>
            <source>The project file could not be used: {why}</source>
            <translation>无法使用项目文件：{why}</translation>
        </message>
        <message>
            <source>The project file is damaged ({why}). Open a backup copy (*.bak beside it) or import the photos into a new project.</source>
            <translation>项目文件已损坏（{why}）。请打开备份副本（旁边的 *.bak 文件），或将照片导入新项目。</translation>
        </message>
    </context>
    <context>
        <name>ExportActions</name>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Open a project first.</source>
            <translation>请先打开一个项目。</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Export &amp;Credits…</source>
            <translation>导出署名清单(&amp;C)…</translation>
        </message>
        <message>
            <source>Contact Sheet (&amp;PDF)…</source>
            <translation>小样（PDF）(&amp;P)…</translation>
        </message>
    </context>
    <context>
        <name>ImportSummaryDialog</name>
        <message>
            <source>Import finished</source>
            <translation>导入完成</translation>
        </message>
        <message>
            <source>skipped</source>
            <translation>已跳过</translation>
        </message>
        <message>
            <source>warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>KeywordPanel</name>
        <message>
            <source>Find a keyword or synonym</source>
            <translation>查找关键词或同义词</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>添加到照片</translation>
        </message>
        <message>
            <source>Add the keyword to the selected photos</source>
            <translation>为所选照片添加该关键词</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>导入…</translation>
        </message>
        <message>
            <source>Import a tab-indented keyword list</source>
            <translation>导入以制表符缩进的关键词表</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Export the keyword list</source>
            <translation>导出关键词表</translation>
        </message>
        <message>
            <source>Select photos first.</source>
            <translation>请先选择照片。</translation>
        </message>
        <message>
            <source>Assign keywords {names}</source>
            <translation>添加关键词 {names}</translation>
        </message>
        <message>
            <source>{names} added to {n} photos</source>
            <translation>已为 {n} 张照片添加 {names}</translation>
        </message>
        <message>
            <source>Import Keywords</source>
            <translation>导入关键词</translation>
        </message>
        <message>
            <source>Text files (*.txt);;All files (*)</source>
            <translation>文本文件 (*.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>{n} keywords added</source>
            <translation>新增 {n} 个关键词</translation>
        </message>
        <message>
            <source>Export Keywords</source>
            <translation>导出关键词</translation>
        </message>
        <message>
            <source>Text files (*.txt)</source>
            <translation>文本文件 (*.txt)</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Caption Studio</source>
            <translation>Caption Studio</translation>
        </message>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>{name} – Caption Studio</source>
            <translation>{name} – Caption Studio</translation>
        </message>
        <message>
            <source>Read-only</source>
            <translation>只读</translation>
        </message>
    </context>
    <context>
        <name>MetadataEditor</name>
        <message>
            <source>proposed</source>
            <translation>建议</translation>
        </message>
        <message>
            <source>from file</source>
            <translation>来自文件</translation>
        </message>
        <message>
            <source>from caption</source>
            <translation>来自图片说明</translation>
        </message>
        <message>
            <source>from template</source>
            <translation>来自模板</translation>
        </message>
        <message>
            <source>edited</source>
            <translation>已手工修改</translation>
        </message>
        <message>
            <source>No photo selected</source>
            <translation>未选择照片</translation>
        </message>
        <message numerus="yes">
            <source>%n photos selected</source>
            <translation>
                <numerusform>已选 %n 张照片</numerusform>
            </translation>
        </message>
        <message>
            <source>Edit {field}</source>
            <translation>编辑{field}</translation>
        </message>
        <message>
            <source>Add {item} to {field}</source>
            <translation>在{field}中添加 {item}</translation>
        </message>
        <message>
            <source>Remove {item} from {field}</source>
            <translation>从{field}中移除 {item}</translation>
        </message>
        <message>
            <source>(multiple values)</source>
            <translation>（多个值）</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>年-月-日</translation>
        </message>
        <message>
            <source>No rating</source>
            <translation>无评级</translation>
        </message>
        <message>
            <source>Longer than IPTC IIM allows: it will be cut in the IIM copy (the full text stays in XMP)</source>
            <translation>超出 IPTC IIM 的长度限制：IIM 中的副本会被截断（完整文本保留在 XMP 中）</translation>
        </message>
        <message>
            <source>{used}/{max} bytes</source>
            <translation>{used}/{max} 字节</translation>
        </message>
    </context>
    <context>
        <name>PairingView</name>
        <message>
            <source>Confirmed</source>
            <translation>已确认</translation>
        </message>
        <message>
            <source>Sure</source>
            <translation>可靠</translation>
        </message>
        <message>
            <source>Ambiguous</source>
            <translation>待确认</translation>
        </message>
        <message>
            <source>Unmatched</source>
            <translation>未配对</translation>
        </message>
        <message>
            <source>No caption</source>
            <translation>无图片说明</translation>
        </message>
        <message>
            <source>No photo</source>
            <translation>无照片</translation>
        </message>
        <message>
            <source>Auto-pair</source>
            <translation>自动配对</translation>
        </message>
        <message>
            <source>Pair the unconfirmed photos and captions</source>
            <translation>为尚未确认的照片和图片说明配对</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>Confirm the selected pairs</source>
            <translation>确认所选配对</translation>
        </message>
        <message>
            <source>Confirm all sure</source>
            <translation>确认全部可靠配对</translation>
        </message>
        <message>
            <source>Confirm every pair marked sure</source>
            <translation>确认所有标为“可靠”的配对</translation>
        </message>
        <message>
            <source>Unpair</source>
            <translation>解除配对</translation>
        </message>
        <message>
            <source>Take the selected photos out of their pairs</source>
            <translation>解除所选照片的配对</translation>
        </message>
        <message>
            <source>Why?</source>
            <translation>为什么？</translation>
        </message>
        <message>
            <source>Show why the selected pair was proposed</source>
            <translation>显示提出该配对的理由</translation>
        </message>
        <message>
            <source>All articles</source>
            <translation>全部稿件</translation>
        </message>
        <message>
            <source>Article {n}</source>
            <translation>稿件 {n}</translation>
        </message>
        <message>
            <source>{n} more photos without a caption (find them under Photos)</source>
            <translation>另有 {n} 张照片没有图片说明（可在“照片”中查找）</translation>
        </message>
        <message>
            <source>Pair photo and caption</source>
            <translation>配对照片与图片说明</translation>
        </message>
        <message>
            <source>paired by hand</source>
            <translation>手工配对</translation>
        </message>
        <message>
            <source>Confirm pairs</source>
            <translation>确认配对</translation>
        </message>
        <message>
            <source>Confirm all sure pairs</source>
            <translation>确认全部可靠配对</translation>
        </message>
        <message>
            <source>Pairing…</source>
            <translation>正在配对…</translation>
        </message>
        <message>
            <source>Why this pair?</source>
            <translation>为何这样配对？</translation>
        </message>
        <message>
            <source>{file} ↔ caption {n}</source>
            <translation>{file} ↔ 第 {n} 条图片说明</translation>
        </message>
        <message>
            <source>State: {state}</source>
            <translation>状态：{state}</translation>
        </message>
        <message>
            <source>Score {score:.2f}, lead over the runner-up {margin:.2f}</source>
            <translation>得分 {score:.2f}，领先次优 {margin:.2f}</translation>
        </message>
        <message>
            <source>Reasons:</source>
            <translation>理由：</translation>
        </message>
        <message>
            <source>No reasons recorded.</source>
            <translation>没有记录理由。</translation>
        </message>
    </context>
    <context>
        <name>PhotoModel</name>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Headline</source>
            <translation>标题</translation>
        </message>
        <message>
            <source>Photographer</source>
            <translation>摄影</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>City</source>
            <translation>城市</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评级</translation>
        </message>
    </context>
    <context>
        <name>PreviewDialog</name>
        <message>
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <source>(no caption)</source>
            <translation>（无图片说明）</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>正在载入…</translation>
        </message>
    </context>
    <context>
        <name>ReplacementsDialog</name>
        <message>
            <source>Code Replacements</source>
            <translation>代码替换</translation>
        </message>
        <message>
            <source>Type =code= in any field to insert its text. Codes are case-sensitive.</source>
            <translation>在任意字段中输入 =代码= 即可插入对应文本。代码区分大小写。</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>代码</translation>
        </message>
        <message>
            <source>Replacement</source>
            <translation>替换文本</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>导入…</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Import Code Replacements</source>
            <translation>导入代码替换</translation>
        </message>
        <message>
            <source>Text files (*.txt *.tsv);;All files (*)</source>
            <translation>文本文件 (*.txt *.tsv);;所有文件 (*)</translation>
        </message>
        <message>
            <source>{n} codes read</source>
            <translation>读取了 {n} 个代码</translation>
        </message>
        <message>
            <source>Export Code Replacements</source>
            <translation>导出代码替换</translation>
        </message>
        <message>
            <source>Text files (*.txt)</source>
            <translation>文本文件 (*.txt)</translation>
        </message>
    </context>
    <context>
        <name>RosterDialog</name>
        <message>
            <source>Roster</source>
            <translation>人员名录</translation>
        </message>
        <message>
            <source>Filter names, agencies, Latin forms…</source>
            <translation>筛选姓名、机构、拼音…</translation>
        </message>
        <message>
            <source>Learn from project</source>
            <translation>从项目中收集</translation>
        </message>
        <message>
            <source>Add the names found in captions, articles and photo credits</source>
            <translation>添加图片说明、稿件和照片署名中出现的名字</translation>
        </message>
        <message>
            <source>Add…</source>
            <translation>添加…</translation>
        </message>
        <message>
            <source>Merge</source>
            <translation>合并</translation>
        </message>
        <message>
            <source>Merge the selected entries into the current one</source>
            <translation>将所选条目合并到当前条目</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>{added} added, {updated} completed</source>
            <translation>新增 {added} 条，补全 {updated} 条</translation>
        </message>
        <message>
            <source>Add to roster</source>
            <translation>添加到人员名录</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Select two or more entries to merge.</source>
            <translation>请选择两个或更多条目进行合并。</translation>
        </message>
        <message>
            <source>Merge {others} into {keep}? Their names become variants of it.</source>
            <translation>将 {others} 合并到 {keep}？这些名字将作为它的其他写法保留。</translation>
        </message>
    </context>
    <context>
        <name>RosterModel</name>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>职务</translation>
        </message>
        <message>
            <source>Agency</source>
            <translation>供稿机构</translation>
        </message>
        <message>
            <source>Latin name</source>
            <translation>拼音/外文名</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Also written</source>
            <translation>其他写法</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>个人</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>机构</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>本报</translation>
        </message>
        <message>
            <source>Freelance</source>
            <translation>自由撰稿</translation>
        </message>
    </context>
    <context>
        <name>SearchBar</name>
        <message>
            <source>Search captions, names, places, keywords, file names…</source>
            <translation>搜索图片说明、姓名、地点、关键词、文件名…</translation>
        </message>
        <message>
            <source>Unpaired</source>
            <translation>未配对</translation>
        </message>
        <message>
            <source>Photos without a caption</source>
            <translation>没有图片说明的照片</translation>
        </message>
        <message>
            <source>Needs review</source>
            <translation>待审核</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Only this photographer's photos</source>
            <translation>只看该摄影记者的照片</translation>
        </message>
        <message>
            <source>Date: 2024-05</source>
            <translation>日期：2024-05</translation>
        </message>
        <message>
            <source>Year, month or day: 2024, 2024-05 or 2024-05-03</source>
            <translation>年、月或日：2024、2024-05 或 2024-05-03</translation>
        </message>
        <message>
            <source>All photographers</source>
            <translation>全部摄影记者</translation>
        </message>
    </context>
    <context>
        <name>TemplatesDialog</name>
        <message>
            <source>Templates</source>
            <translation>模板</translation>
        </message>
        <message>
            <source>New…</source>
            <translation>新建…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>separate with ;</source>
            <translation>用 ; 分隔</translation>
        </message>
        <message>
            <source>Save template</source>
            <translation>保存模板</translation>
        </message>
        <message>
            <source>Fill empty fields only</source>
            <translation>只填写空白字段</translation>
        </message>
        <message>
            <source>Replace, including values edited by hand</source>
            <translation>替换，包括手工修改过的值</translation>
        </message>
        <message>
            <source>Apply to selected photos</source>
            <translation>应用到所选照片</translation>
        </message>
        <message>
            <source>New template</source>
            <translation>新建模板</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Apply template {name}</source>
            <translation>应用模板 {name}</translation>
        </message>
    </context>
    <context>
        <name>ThumbnailDelegate</name>
        <message>
            <source>no picture</source>
            <translation>无法显示</translation>
        </message>
    </context>
    <context>
        <name>WindowFlows</name>
        <message>
            <source>Project in use</source>
            <translation>项目正在使用中</translation>
        </message>
        <message>
            <source>{why}

Open it read-only? You can look and search, but not change anything.</source>
            <translation>{why}

以只读方式打开？可以浏览和搜索，但不能修改。</translation>
        </message>
        <message>
            <source>Open Read-Only</source>
            <translation>以只读方式打开</translation>
        </message>
        <message>
            <source>Open the project {name} beside this folder and import any new photos from it?</source>
            <translation>打开此文件夹旁的项目 {name}，并导入其中新增的照片？</translation>
        </message>
        <message>
            <source>{folder} is a folder of photos. Create the project {name} beside it and import the folder?</source>
            <translation>{folder} 是一个照片文件夹。在它旁边新建项目 {name} 并导入该文件夹？</translation>
        </message>
        <message>
            <source>Open a folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Open Project</source>
            <translation>打开项目</translation>
        </message>
        <message>
            <source>Caption Studio projects (*{suffix})</source>
            <translation>Caption Studio 项目 (*{suffix})</translation>
        </message>
        <message>
            <source>{path} is no longer there (moved or deleted)</source>
            <translation>{path} 已不在原处（被移动或删除）</translation>
        </message>
        <message>
            <source>New Project</source>
            <translation>新建项目</translation>
        </message>
        <message>
            <source>Import Photos</source>
            <translation>导入照片</translation>
        </message>
        <message>
            <source>Import Folder</source>
            <translation>导入文件夹</translation>
        </message>
        <message>
            <source>Import Article</source>
            <translation>导入稿件</translation>
        </message>
        <message>
            <source>Articles (*.txt *.docx *.html *.htm *.md *.pdf);;All files (*)</source>
            <translation>稿件 (*.txt *.docx *.html *.htm *.md *.pdf);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Open or create a project first</source>
            <translation>请先打开或新建一个项目</translation>
        </message>
        <message>
            <source>An import is already running</source>
            <translation>已有导入正在进行</translation>
        </message>
        <message>
            <source>Looking for photos…</source>
            <translation>正在查找照片…</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>Importing {done} of {total} photos…</source>
            <translation>正在导入照片 {done}/{total}…</translation>
        </message>
        <message>
            <source>Rate</source>
            <translation>评级</translation>
        </message>
        <message>
            <source>Mark as needs review</source>
            <translation>标为待审核</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>this photo</source>
            <translation>这张照片</translation>
        </message>
        <message>
            <source>these {n} photos</source>
            <translation>这 {n} 张照片</translation>
        </message>
        <message>
            <source>Remove {what} from the project? The files stay on disk; only what the project knows about them (captions, edits) goes. You can undo this.</source>
            <translation>从项目中移除{what}？文件仍保留在磁盘上，只删除项目中关于它们的信息（图片说明、修改）。此操作可以撤销。</translation>
        </message>
        <message>
            <source>Remove from project</source>
            <translation>从项目中移除</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>About Caption Studio</source>
            <translation>关于 Caption Studio</translation>
        </message>
        <message>
            <source>&lt;b&gt;Caption Studio&lt;/b&gt; {version}&lt;br&gt;Pairs news photos with the captions printed in an article, and keeps their metadata right.</source>
            <translation>&lt;b&gt;Caption Studio&lt;/b&gt; {version}&lt;br&gt;将新闻照片与稿件中刊出的图片说明配对，并确保照片元数据准确无误。</translation>
        </message>
        <message numerus="yes">
            <source>%n photos selected</source>
            <translation>
                <numerusform>已选 %n 张照片</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>box</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>controller</name>
        <message>
            <source>Remove {n} photos</source>
            <translation>移除 {n} 张照片</translation>
        </message>
        <message>
            <source>Remove 1 photo</source>
            <translation>移除 1 张照片</translation>
        </message>
    </context>
    <context>
        <name>fields</name>
        <message>
            <source>Headline</source>
            <translation>标题</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>图片说明</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>作品名</translation>
        </message>
        <message>
            <source>Keywords</source>
            <translation>关键词</translation>
        </message>
        <message>
            <source>People shown</source>
            <translation>图中人物</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>事件</translation>
        </message>
        <message>
            <source>Caption writer</source>
            <translation>说明撰写人</translation>
        </message>
        <message>
            <source>Photographer</source>
            <translation>摄影</translation>
        </message>
        <message>
            <source>Photographer's role</source>
            <translation>摄影者职务</translation>
        </message>
        <message>
            <source>Credit line</source>
            <translation>署名</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Copyright</source>
            <translation>版权</translation>
        </message>
        <message>
            <source>Date taken</source>
            <translation>拍摄日期</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>City</source>
            <translation>城市</translation>
        </message>
        <message>
            <source>Province/State</source>
            <translation>省/州</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>国家/地区</translation>
        </message>
        <message>
            <source>Country code</source>
            <translation>国家/地区代码</translation>
        </message>
        <message>
            <source>Instructions</source>
            <translation>特别说明</translation>
        </message>
        <message>
            <source>Job ID</source>
            <translation>任务编号</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评级</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Credit</source>
            <translation>来源署名</translation>
        </message>
        <message>
            <source>When and where</source>
            <translation>时间和地点</translation>
        </message>
        <message>
            <source>Workflow</source>
            <translation>工作流程</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新导入</translation>
        </message>
        <message>
            <source>Needs review</source>
            <translation>待审核</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
    </context>
    <context>
        <name>ProposalBar</name>
        <message>
            <source>Confirm (Enter)</source>
            <translation>确认（回车）</translation>
        </message>
        <message>
            <source>Runner-up (Alt+↓)</source>
            <translation>次选（Alt+↓）</translation>
        </message>
        <message>
            <source>Proposed: caption {n}, “{text}”. Not sure: confirm it, or take the runner-up.</source>
            <translation>建议：第 {n} 条图片说明“{text}”。尚不确定：请确认，或改用次选。</translation>
        </message>
        <message>
            <source>Propose caption {n} instead</source>
            <translation>改为建议第 {n} 条图片说明</translation>
        </message>
        <message>
            <source>Confirm pair</source>
            <translation>确认配对</translation>
        </message>
        <message>
            <source>Propose the runner-up</source>
            <translation>改用次选</translation>
        </message>
        <message>
            <source>runner-up, chosen by hand</source>
            <translation>次选，人工选择</translation>
        </message>
    </context>
    <context>
        <name>StartPage</name>
        <message>
            <source>Recent projects</source>
            <translation>最近的项目</translation>
        </message>
        <message>
            <source>&lt;h2&gt;Caption Studio&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;Caption Studio&lt;/h2&gt;</translation>
        </message>
        <message>
            <source>Open a project (Ctrl+O), create one (Ctrl+N),&lt;br&gt;or drop a project file or a folder of photos here.</source>
            <translation>打开项目（Ctrl+O）或新建项目（Ctrl+N），&lt;br&gt;也可以把项目文件或照片文件夹拖到这里。</translation>
        </message>
        <message>
            <source>Open Project…</source>
            <translation>打开项目…</translation>
        </message>
        <message>
            <source>New Project…</source>
            <translation>新建项目…</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Not Now</source>
            <translation>暂不</translation>
        </message>
        <message>
            <source>Open the project {name} beside the folder {folder} and import any new photos from it?</source>
            <translation>打开文件夹 {folder} 旁的项目 {name}，并导入其中新增的照片？</translation>
        </message>
        <message>
            <source>{folder} is a folder of photos. Create the project {name} beside it and import the folder?</source>
            <translation>{folder} 是一个照片文件夹。在它旁边新建项目 {name} 并导入该文件夹？</translation>
        </message>
    </context>
    <context>
        <name>PublishDialog</name>
        <message>
            <source>Publish to Archive</source>
            <translation>发布到图片库</translation>
        </message>
        <message>
            <source>default: your PostgreSQL user name</source>
            <translation>默认：你的 PostgreSQL 用户名</translation>
        </message>
        <message>
            <source>All photos</source>
            <translation>全部照片</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Needs review</source>
            <translation>待审核</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Keep the password in ~/.pgpass or a libpq service file, never in the address: it is saved in your settings.</source>
            <translation>密码请放在 ~/.pgpass 或 libpq 服务文件中，不要写进地址：地址会保存在你的设置里。</translation>
        </message>
        <message>
            <source>Archive</source>
            <translation>图片库</translation>
        </message>
        <message>
            <source>Desk</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>Publish</source>
            <translation>发布</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Enter the archive's address first.</source>
            <translation>请先填写图片库的地址。</translation>
        </message>
        <message>
            <source>The address holds a password. Put the password in ~/.pgpass (or use a service file) and leave it out of the address.</source>
            <translation>地址中含有密码。请把密码放在 ~/.pgpass（或服务文件）中，地址里不要写密码。</translation>
        </message>
        <message>
            <source>Publishing…</source>
            <translation>正在发布…</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>Published {photos} photos as desk {desk} in {seconds:.1f} s: {new} new to the archive, {values} values changed, {conflicts} fields disagree with another desk.</source>
            <translation>已以部门 {desk} 发布 {photos} 张照片，用时 {seconds:.1f} 秒：图片库新增 {new} 张，{values} 个值有改动，{conflicts} 个字段与其他部门不一致。</translation>
        </message>
        <message>
            <source>The archive already had everything: {photos} photos, nothing changed.</source>
            <translation>图片库已有全部内容：{photos} 张照片，没有改动。</translation>
        </message>
        <message>
            <source>The publish failed: {error}</source>
            <translation>发布失败：{error}</translation>
        </message>
        <message>
            <source>Cancelled: the archive is as it was.</source>
            <translation>已取消：图片库保持原样。</translation>
        </message>
    </context>
</TS>
