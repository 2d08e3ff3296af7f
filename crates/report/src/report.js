// Search-as-you-type over the story list; the page works without it.
(function () {
  var input = document.getElementById('story-filter');
  if (!input) return;
  input.addEventListener('input', function () {
    var q = input.value.toLowerCase().trim();
    document.querySelectorAll('#story-list li').forEach(function (li) {
      var show = !q || li.getAttribute('data-search').indexOf(q) !== -1;
      li.style.display = show ? '' : 'none';
      var story = document.getElementById(li.querySelector('a').getAttribute('href').slice(1));
      if (story) story.style.display = show ? '' : 'none';
    });
  });
})();
